package vn.gov.lgsp.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.lgsp.adapters.error.MalformedMessageException;
import vn.gov.lgsp.adapters.model.PaymentNotice;
import vn.gov.lgsp.adapters.payment.PaymentNotifications;
import vn.gov.lgsp.adapters.payment.PaymentProperties;
import vn.gov.lgsp.adapters.payment.PaymentWire;
import vn.gov.lgsp.web.InboundRejections;
import vn.gov.lgsp.web.RequestSizeFilter;

/**
 * {@code POST /api/v1/payments/confirm}: the payment platform's notification (CONFIRM, DOMAIN 7), answered in the
 * platform's own terms: HTTP 200 with {@code MaLoi} "00", or "99" and the reason for anything refused (recorded,
 * nothing changed). A repeated CONFIRM is acknowledged and changes nothing; one saying the payment failed is
 * acknowledged and told to the one-stop software.
 */
@RestController
public class PaymentConfirmController {

    static final String PATH = "/api/v1/payments/confirm";

    private final PaymentNotifications notifications;
    private final Payments payments;
    private final InboundRejections rejections;
    private final ObjectMapper json;
    private final String caller;

    public PaymentConfirmController(PaymentNotifications notifications, Payments payments, InboundRejections rejections,
                                    ObjectMapper json, PaymentProperties properties) {
        this.notifications = notifications;
        this.payments = payments;
        this.rejections = rejections;
        this.json = json;
        this.caller = "payment:" + properties.partnerCode();
    }

    @PostMapping(PATH)
    public Map<String, String> confirm(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(RequestSizeFilter.PARTNER_LIMIT + 1);
        }
        if (body.length > RequestSizeFilter.PARTNER_LIMIT) {
            return refuse("the body is larger than " + RequestSizeFilter.PARTNER_LIMIT + " bytes");
        }
        JsonNode message;
        try {
            message = json.readTree(body);
        } catch (JsonProcessingException e) {
            return refuse("the body is not valid JSON: " + e.getOriginalMessage());
        }
        PaymentNotice notice;
        try {
            notice = notifications.confirmation(message);
        } catch (MalformedMessageException e) {
            return refuse((e.field().isEmpty() ? "" : e.field() + " ") + e.getMessage());
        }
        return switch (payments.settle(notice, Payments.SettledBy.CONFIRM, body)) {
            case SETTLED, UNCHANGED -> answer("00", "Thành công");
            case UNKNOWN_REFERENCE -> refuse("MaThamChieu " + notice.reference() + " is not a payment we requested");
            case WRONG_AMOUNT -> refuse("SoTien " + notice.amount() + " is not the amount requested under "
                    + notice.reference());
            case CONFLICT -> refuse("MaThamChieu " + notice.reference() + " was settled under another MaGiaoDich");
        };
    }

    private Map<String, String> refuse(String reason) {
        rejections.record("POST " + PATH, caller, 200, "MaLoi 99: " + reason);
        return answer("99", reason);
    }

    private static Map<String, String> answer(String code, String description) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("MaLoi", code);
        answer.put("MoTaLoi", description);
        return answer;
    }
}
