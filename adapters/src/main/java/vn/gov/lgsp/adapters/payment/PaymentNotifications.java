package vn.gov.lgsp.adapters.payment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import vn.gov.lgsp.adapters.error.MalformedMessageException;
import vn.gov.lgsp.adapters.model.PaymentNotice;

/**
 * Reads the platform's payment notification (CONFIRM, DOMAIN 7) and checks it: the message kind, every field, our
 * partner code, and {@code MaXacThuc} over the fields in the contract's order (compared in constant time).
 */
public final class PaymentNotifications {

    private final PaymentProperties properties;

    public PaymentNotifications(PaymentProperties properties) {
        this.properties = properties;
    }

    /** @throws MalformedMessageException naming the field that is wrong */
    public PaymentNotice confirmation(JsonNode m) {
        if (m == null || !m.isObject()) {
            throw new MalformedMessageException("", "the body must be a JSON object");
        }
        if (!"CONFIRM".equals(PaymentWire.text(m, "LoaiBanTin"))) {
            throw new MalformedMessageException("LoaiBanTin", "must be CONFIRM");
        }
        String expected = PaymentWire.hash(properties.secret(), "CONFIRM", PaymentWire.text(m, "MaLoi"),
                PaymentWire.text(m, "MaDoiTac"), PaymentWire.text(m, "MaThamChieu"), PaymentWire.text(m, "SoTien"),
                PaymentWire.text(m, "MaTienTe"), PaymentWire.text(m, "MaGiaoDich"), PaymentWire.text(m, "MaNganHang"),
                PaymentWire.text(m, "ThoiGianGD"), PaymentWire.text(m, "ThongTinGiaoDich"));
        if (!PaymentWire.hashMatches(expected, PaymentWire.text(m, "MaXacThuc"))) {
            throw new MalformedMessageException("MaXacThuc", "is not the hash of this notification");
        }
        if (!properties.partnerCode().equals(PaymentWire.text(m, "MaDoiTac"))) {
            throw new MalformedMessageException("MaDoiTac", "is not our partner code");
        }
        String reference = PaymentWire.text(m, "MaThamChieu");
        if (reference.isBlank()) {
            throw new MalformedMessageException("MaThamChieu", "is required");
        }
        if (!"VND".equals(PaymentWire.text(m, "MaTienTe"))) {
            throw new MalformedMessageException("MaTienTe", "must be VND");
        }
        long amount = PaymentWire.amount("SoTien", m.get("SoTien"));
        OffsetDateTime at = PaymentWire.time("ThoiGianGD", PaymentWire.text(m, "ThoiGianGD"));
        String code = PaymentWire.text(m, "MaLoi");
        if (!PaymentWire.SUCCESS.equals(code)) {
            return new PaymentNotice(reference, PaymentNotice.Outcome.FAILED, code,
                    PaymentWire.text(m, "ThongTinGiaoDich"), amount, null, PaymentWire.text(m, "MaNganHang"), null);
        }
        String transaction = PaymentWire.text(m, "MaGiaoDich");
        if (transaction.isBlank()) {
            throw new MalformedMessageException("MaGiaoDich", "is required for a payment");
        }
        return new PaymentNotice(reference, PaymentNotice.Outcome.PAID, code, "", amount, transaction,
                PaymentWire.text(m, "MaNganHang"), at);
    }
}
