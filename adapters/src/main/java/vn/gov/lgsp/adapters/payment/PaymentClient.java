package vn.gov.lgsp.adapters.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.OffsetDateTime;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.HttpFailures;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.Fee;
import vn.gov.lgsp.adapters.model.PaymentNotice;
import vn.gov.lgsp.adapters.model.PaymentRequest;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.tracing.TraceContext;

/**
 * Talks to the national payment platform (DOMAIN 7): INIT a payment, QUERY it, fetch its receipt (GET_BILL). Every
 * message carries its {@code MaXacThuc}; an answer whose {@code MaLoi} is not "00" is a refusal for good
 * ({@code payment.rejected.<MaLoi>}). INIT is sent again under the same reference when its answer was lost: the
 * platform keeps one payment per reference.
 */
public class PaymentClient {

    public static final String PEER = "payment";

    private final PaymentProperties properties;
    private final ObjectMapper json;
    private final PeerExchange.Journal journal;
    private final CallGuard guard;
    private final Clock clock;
    private final HttpClient http;

    /** The platform accepted the payment: where the citizen pays. */
    public record Initiated(String reference, String paymentUrl) {
    }

    /** The electronic receipt (biên lai điện tử), as the platform gives it. */
    public record Receipt(String number, String template, String series, String issuedOn, long amount,
                          String transactionId, String url, String raw) {
    }

    public PaymentClient(PaymentProperties properties, ObjectMapper json, PeerExchange.Journal journal, CallGuard guard,
                         Clock clock) {
        this.properties = properties;
        this.json = json;
        this.journal = journal;
        this.guard = guard;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    }

    public Initiated init(PaymentRequest request) {
        String sentAt = PaymentWire.time(OffsetDateTime.now(clock));
        ObjectNode m = json.createObjectNode();
        m.put("LoaiBanTin", "INIT");
        m.put("PhienBan", PaymentWire.VERSION);
        m.put("MaDoiTac", properties.partnerCode());
        m.put("MaThamChieu", request.reference());
        m.put("SoTien", PaymentWire.amount(request.amount()));
        m.put("LoaiHinhThanhToan", "PAY");
        m.put("MaKenhThanhToan", properties.channelCode());
        m.put("MaThietBi", properties.deviceCode());
        m.put("NgonNgu", "vi-VN");
        m.put("MaTienTe", "VND");
        m.put("MaNganHang", properties.bankCode());
        m.put("ThongTinGiaoDich", "Thanh toan phi, le phi ho so " + request.dossierCode());
        m.put("ThoiGianGD", sentAt);
        m.put("Ip", properties.ip());
        ObjectNode receipt = m.putObject("ThongTinBienLai");
        receipt.put("MaDichVu", properties.serviceCode());
        receipt.put("MaTTHC", request.procedureCode());
        receipt.put("TenTTHC", request.procedureName());
        receipt.put("MaDonVi", request.agencyCode());
        receipt.put("MaHoSo", request.dossierCode());
        receipt.put("HoTenNguoiNop", request.payerName());
        receipt.put("SoCMNDNguoiNop", request.payerId() == null ? "" : request.payerId());
        ArrayNode fees = receipt.putArray("PhiLePhi");
        for (Fee fee : request.fees()) {
            fees.addObject().put("MaPhiLePhi", fee.code()).put("TenPhiLePhi", fee.name())
                    .put("SoTien", PaymentWire.amount(fee.amount()));
        }
        m.put("MaXacThuc", PaymentWire.hash(properties.secret(), "INIT", PaymentWire.VERSION, properties.partnerCode(),
                request.reference(), PaymentWire.amount(request.amount()), "PAY", properties.channelCode(),
                properties.deviceCode(), "vi-VN", "VND", properties.bankCode(), m.path("ThongTinGiaoDich").asText(), sentAt,
                properties.ip()));
        JsonNode answer = post("INIT", m, request.dossierCode());
        String url = answer.path("UrlThanhToan").asText("");
        if (url.isEmpty()) {
            throw new PeerTransientException("payment.bad-answer", "the platform accepted INIT of " + request.reference()
                    + " without UrlThanhToan", null, true);
        }
        return new Initiated(request.reference(), url);
    }

    /** Where the payment stands at the platform. */
    public PaymentNotice query(String dossierCode, String reference) {
        JsonNode answer = post("QUERY", lookup("QUERY", reference), dossierCode);
        String state = answer.path("TrangThaiGD").asText("");
        return switch (state) {
            case "1" -> new PaymentNotice(reference, PaymentNotice.Outcome.PAID, state, "",
                    PaymentWire.amount("SoTien", answer.get("SoTien")), answer.path("MaGiaoDich").asText(null),
                    answer.path("MaNganHang").asText(""), PaymentWire.time("ThoiGianGD", answer.path("ThoiGianGD").asText(null)));
            case "4" -> new PaymentNotice(reference, PaymentNotice.Outcome.FAILED, state,
                    answer.path("MoTaLoi").asText("the platform reports the payment failed"), 0, null, "", null);
            default -> new PaymentNotice(reference, PaymentNotice.Outcome.PENDING, state, "", 0, null, "", null);
        };
    }

    public Receipt bill(String dossierCode, String reference) {
        JsonNode bill = post("GET_BILL", lookup("GET_BILL", reference), dossierCode).path("BienLai");
        if (!bill.isObject()) {
            throw new PeerTransientException("payment.bad-answer", "GET_BILL of " + reference + " has no BienLai", null, false);
        }
        return new Receipt(bill.path("SoBienLai").asText(), bill.path("MauSo").asText(), bill.path("KyHieu").asText(),
                bill.path("NgayLap").asText(), PaymentWire.amount("SoTien", bill.get("SoTien")),
                bill.path("MaGiaoDich").asText(), bill.path("UrlBienLai").asText(), bill.toString());
    }

    private ObjectNode lookup(String kind, String reference) {
        String sentAt = PaymentWire.time(OffsetDateTime.now(clock));
        ObjectNode m = json.createObjectNode();
        m.put("LoaiBanTin", kind);
        m.put("PhienBan", PaymentWire.VERSION);
        m.put("MaDoiTac", properties.partnerCode());
        m.put("MaThamChieu", reference);
        m.put("ThoiGianGD", sentAt);
        m.put("MaXacThuc", PaymentWire.hash(properties.secret(), kind, PaymentWire.VERSION, properties.partnerCode(),
                reference, sentAt));
        return m;
    }

    /** Every message is repeatable: INIT under the same reference is the same payment, the others only read. */
    private JsonNode post(String kind, ObjectNode message, String dossierCode) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a payment message", e);
        }
        HttpRequest request = TraceContext.propagate(HttpRequest.newBuilder(properties.baseUrl())).timeout(properties.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
        return guard.call(true, () -> {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                record(dossierCode, kind, payload, "FAILED", e.toString());
                throw HttpFailures.unreachable(PEER, kind, e);
            } catch (InterruptedException e) {
                throw HttpFailures.interrupted(PEER);
            }
            int status = response.statusCode();
            if (status != 200) {
                record(dossierCode, kind, payload, "FAILED", "HTTP " + status);
                throw HttpFailures.isUnavailable(status) ? HttpFailures.unavailable(PEER, kind, status)
                        : new PeerTransientException("payment.bad-answer", "payment " + kind + " answered HTTP " + status);
            }
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (IOException e) {
                record(dossierCode, kind, payload, "FAILED", "unreadable answer");
                throw new PeerTransientException("payment.bad-answer", "payment " + kind + " answered with no JSON", e, true);
            }
            String code = answer.path("MaLoi").asText("");
            if (!PaymentWire.SUCCESS.equals(code)) {
                record(dossierCode, kind, payload, "REJECTED", "MaLoi " + code + ": " + answer.path("MoTaLoi").asText());
                throw new PeerRejectedException(PEER + ".rejected." + (code.isEmpty() ? "none" : code),
                        kind + " refused with MaLoi " + code + ": " + answer.path("MoTaLoi").asText());
            }
            record(dossierCode, kind, payload, "OK", "MaLoi 00");
            return answer;
        });
    }

    private void record(String dossierCode, String operation, byte[] payload, String outcome, String detail) {
        journal.record(new PeerExchange(PEER, PeerExchange.Direction.OUT, dossierCode, operation, payload, outcome, detail));
    }
}
