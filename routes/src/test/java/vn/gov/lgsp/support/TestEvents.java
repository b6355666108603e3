package vn.gov.lgsp.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One-stop dossier events as JSON, the way a one-stop system sends them, with codes unique per test run. */
public final class TestEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private TestEvents() {
    }

    /** A dossier code no other test uses. */
    public static String newDossierCode() {
        int n = NUMBER.incrementAndGet();
        return String.format("000.00.%02d.H56-2611%02d-%04d", 10 + n / 9000 % 80, 1 + n / 9999 % 28, n % 9999 + 1);
    }

    /** A complete, valid event of {@code code}: step {@code sequence} with {@code status}. */
    public static ObjectNode event(String code, int sequence, int status) {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-20T08:00:00+07:00").plusMinutes(30L * sequence);
        byte[] pdf = ("%PDF-1.4\n% Giấy đề nghị " + code + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("sequence", sequence);
        e.put("occurredAt", at.toString());
        e.put("status", status);
        e.putObject("step").put("officer", "Trần Thị Bình").put("title", "Chuyên viên").put("unit", "Bộ phận Một cửa")
                .put("note", "Bước " + sequence).put("dueAt", "2026-11-27T17:00:00+07:00");
        ObjectNode d = e.putObject("dossier");
        d.put("code", code);
        d.put("procedureCode", "1.001612.000.00.00.H56");
        d.put("procedureName", "Đăng ký thành lập hộ kinh doanh");
        d.put("agencyCode", code.substring(0, 13));
        d.put("channel", "DIRECT");
        d.putObject("applicant").put("type", "CITIZEN").put("fullName", "Nguyễn Văn An").put("idNumber", "001090012345")
                .put("phone", "0912345678").put("email", "an@example.vn").put("address", "12 Lê Lợi, phường Bến Thành");
        d.put("summary", "Đăng ký hộ kinh doanh quán cà phê");
        d.put("submittedAt", "2026-11-20T07:58:00+07:00");
        d.put("receivedAt", "2026-11-20T08:15:00+07:00");
        d.put("appointmentAt", "2026-11-27T17:00:00+07:00");
        d.put("resultDelivery", "COUNTER");
        d.putArray("fees").addObject().put("code", "LP01").put("name", "Lệ phí đăng ký").put("amount", 100000).put("kind", "CHARGE");
        d.putArray("attachments").addObject().put("id", "a1").put("name", "Giấy đề nghị.pdf").put("componentCode", "TP01")
                .put("mediaType", "application/pdf").put("size", pdf.length).put("sha256", sha256(pdf))
                .put("contentBase64", Base64.getEncoder().encodeToString(pdf));
        return e;
    }

    /** {@link #event}, of a dossier the applicant sent by post and wants its result delivered by post. */
    public static ObjectNode postalEvent(String code, int sequence, int status) {
        ObjectNode event = event(code, sequence, status);
        ((ObjectNode) event.path("dossier")).put("channel", "POSTAL").put("resultDelivery", "POSTAL");
        return event;
    }

    /** {@link #event}, of a birth registration: the procedure of the reference birth chain (G12 → G10 → G20). */
    public static ObjectNode birthEvent(String code, int sequence, int status) {
        ObjectNode event = event(code, sequence, status);
        ((ObjectNode) event.path("dossier")).put("procedureCode", "1.001193.000.00.00.H56")
                .put("procedureName", "Đăng ký khai sinh").put("summary", "Đăng ký khai sinh cho Nguyễn Bảo An");
        return event;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
