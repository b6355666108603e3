package vn.gov.lgsp.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.payment.PaymentWire;
import vn.gov.lgsp.adapters.signature.Hmac;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.OnestopApi.Answer;
import vn.gov.lgsp.support.TestEvents;

/**
 * A corpus of malformed and hostile requests to every inbound endpoint: each is answered with a precise 4xx
 * problem, recorded, nothing reaches a queue or changes a ledger, and the middleware stays healthy.
 */
class BadInputCorpusIT extends MiddlewareTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One hostile request and the status it must get. */
    record Case(String name, String method, String path, String apiKey, String contentType, String body, int status) {
    }

    @Test
    void everyHostileRequestIsRefusedPreciselyAndNothingIsQueued() {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from inbound_event")
                == count("select count(*) from peer_step where peer = 'portal' and state = 'DELIVERED'"));
        int eventsBefore = count("select count(*) from inbound_event");
        int progressBefore = PORTAL.progressCount();
        int rejectionsBefore = count("select count(*) from inbound_rejection");

        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
        List<String> wrong = new ArrayList<>();
        for (Case c : corpus) {
            Answer a = api.send(c.method(), c.path(), c.apiKey(), c.contentType(),
                    c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
            boolean problem = a.contentType().startsWith("application/problem+json") && a.body() != null
                    && a.body().path("status").asInt() == a.status();
            if (a.status() != c.status() || !problem) {
                wrong.add(c.name() + ": expected " + c.status() + " problem, got " + a.status() + " " + a.contentType()
                        + " " + a.text().substring(0, Math.min(200, a.text().length())));
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(count("select count(*) from inbound_event")).isEqualTo(eventsBefore);
        assertThat(PORTAL.progressCount()).isEqualTo(progressBefore);
        assertThat(count("select count(*) from inbound_rejection")).isGreaterThanOrEqualTo(rejectionsBefore + corpus.size());
        assertThat(api.send("GET", "/actuator/health", null, null, HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(200);
        String code = TestEvents.newDossierCode();
        assertThat(api.postEvent(TestEvents.event(code, 1, 2)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> PORTAL.progressStatuses(code).size() == 1);
    }

    /** A tracking report (DOMAIN 8) and how the middleware must answer it. */
    record Report(String name, String signature, byte[] body, int status) {
    }

    @Test
    void everyHostileTrackingReportIsRefusedPreciselyAndChangesNothing() {
        POST.halt(true);
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.postalEvent(code, 1, 2));
        // The operator accepts the order (status 1) and its shipment then stands still.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from postal_order where dossier_code = ? "
                + "and status_code = 1", code) == 1);
        String item = jdbc.queryForObject("select item_code from postal_order where dossier_code = ?", String.class, code);
        // Another partner's shipment, as a ledger shared by two postal partners would hold it.
        jdbc.update("insert into postal_order (dossier_code, service_type, partner, item_code, cod_amount, collected_amount, "
                + "ordered_at, news_at) values (?, 'SEND_DOSSIER', 'KH56OTHER', 'EE000000001VN', 0, 0, now(), now())",
                TestEvents.newDossierCode());
        String other = jdbc.queryForObject("select dossier_code from postal_order where item_code = 'EE000000001VN'", String.class);
        int trackingBefore = count("select count(*) from postal_tracking");
        int rejectionsBefore = count("select count(*) from inbound_rejection where endpoint like '%postal%'");

        List<Report> corpus = trackingCorpus(code, item, other);
        List<String> wrong = new ArrayList<>();
        for (Report r : corpus) {
            Answer a = api.partnerPost("/api/v1/postal/tracking", r.signature(), r.body());
            boolean problem = a.contentType().startsWith("application/problem+json") && a.body() != null
                    && a.body().path("status").asInt() == a.status();
            if (a.status() != r.status() || !problem) {
                wrong.add(r.name() + ": expected " + r.status() + " problem, got " + a.status() + " " + a.contentType()
                        + " " + a.text().substring(0, Math.min(200, a.text().length())));
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(count("select count(*) from postal_tracking")).isEqualTo(trackingBefore);
        assertThat(count("select count(*) from postal_order where item_code = ? and status_code = 1", item)).isEqualTo(1);
        assertThat(count("select count(*) from inbound_rejection where endpoint like '%postal%'"))
                .isEqualTo(rejectionsBefore + corpus.size());
        // A report that moves the shipment forward is taken; the same again, or an older one, is acknowledged and ignored.
        assertThat(signedReport(report(code, item, 2)).body().path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(signedReport(report(code, item, 2)).body().path("outcome").asText()).isEqualTo("IGNORED");
        assertThat(signedReport(report(code, item, 1)).body().path("outcome").asText()).isEqualTo("IGNORED");
        assertThat(count("select count(*) from postal_tracking where item_code = ?", item)).isEqualTo(2);
        POST.halt(false);
    }

    @Test
    void everyHostilePaymentNotificationIsAnsweredNinetyNineRecordedAndChangesNothing() {
        String code = TestEvents.newDossierCode();
        ObjectNode event = TestEvents.event(code, 1, 2);
        ((ObjectNode) event.path("dossier")).put("channel", "ONLINE");
        api.postEvent(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from payment where dossier_code = ? "
                + "and state = 'PAID'", code) == 1);
        String reference = jdbc.queryForObject("select reference from payment where dossier_code = ?", String.class, code);
        String transaction = jdbc.queryForObject("select transaction_id from payment where dossier_code = ?", String.class, code);
        int rejectionsBefore = count("select count(*) from inbound_rejection where endpoint = 'POST /api/v1/payments/confirm'");

        List<Report> corpus = new ArrayList<>();
        ObjectNode valid = confirm(reference, "100000", transaction, "VND", "20261127130000", PAYMENT_PARTNER);
        corpus.add(new Report("wrong hash", null, valid.deepCopy().put("MaXacThuc", "ab".repeat(32)).toString()
                .getBytes(StandardCharsets.UTF_8), 200));
        ObjectNode reordered = valid.deepCopy();
        reordered.put("MaXacThuc", PaymentWire.hash(PAYMENT_SECRET, "CONFIRM", "00", reference, PAYMENT_PARTNER, "100000",
                "VND", transaction, "970415", "20261127130000", "Thanh toan"));
        corpus.add(new Report("hash of another field order", null, reordered.toString().getBytes(StandardCharsets.UTF_8), 200));
        corpus.add(notice("another partner", confirm(reference, "100000", transaction, "VND", "20261127130000", "OTHER-H56")));
        corpus.add(notice("unknown reference", confirm("LG000000000000000000", "100000", "GD1", "VND", "20261127130000",
                PAYMENT_PARTNER)));
        corpus.add(notice("wrong amount", confirm(reference, "99000", "GD2", "VND", "20261127130000", PAYMENT_PARTNER)));
        corpus.add(notice("wrong currency", confirm(reference, "100000", transaction, "USD", "20261127130000", PAYMENT_PARTNER)));
        for (String amount : List.of("100000.0", "-1", "1e5", "", "10O000")) {
            corpus.add(notice("amount " + amount, confirm(reference, amount, transaction, "VND", "20261127130000",
                    PAYMENT_PARTNER)));
        }
        for (String time : List.of("20261127250000", "2026-11-27 13:00:00", "", "20261131130000")) {
            corpus.add(notice("time " + time, confirm(reference, "100000", transaction, "VND", time, PAYMENT_PARTNER)));
        }
        corpus.add(notice("settled under another transaction", confirm(reference, "100000", "GD999", "VND",
                "20261127130000", PAYMENT_PARTNER)));
        corpus.add(new Report("body over 64 KB", null, valid.deepCopy().put("ThongTinGiaoDich", "x".repeat(70_000)).toString()
                .getBytes(StandardCharsets.UTF_8), 200));
        for (String body : List.of("{", "[]", "", "nul", "{\"LoaiBanTin\":\"INIT\"}")) {
            corpus.add(new Report("not a CONFIRM: " + body, null, body.getBytes(StandardCharsets.UTF_8), 200));
        }
        List<String> wrong = new ArrayList<>();
        for (Report r : corpus) {
            Answer a = api.partnerPost("/api/v1/payments/confirm", null, r.body());
            if (a.status() != 200 || a.body() == null || !"99".equals(a.body().path("MaLoi").asText())
                    || a.body().path("MoTaLoi").asText().isBlank()) {
                wrong.add(r.name() + ": got " + a.status() + " " + a.text().substring(0, Math.min(200, a.text().length())));
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(count("select count(*) from inbound_rejection where endpoint = 'POST /api/v1/payments/confirm'"))
                .isEqualTo(rejectionsBefore + corpus.size());
        assertThat(jdbc.queryForMap("select state, transaction_id from payment where reference = ?", reference))
                .containsEntry("state", "PAID").containsEntry("transaction_id", transaction);
        // The genuine notification again is acknowledged and changes nothing.
        assertThat(api.partnerPost("/api/v1/payments/confirm", null, valid.toString().getBytes(StandardCharsets.UTF_8))
                .body().path("MaLoi").asText()).isEqualTo("00");
        assertThat(ONESTOP.of(code).stream().filter(c -> c.kind().equals("PAYMENT_CONFIRMED"))).hasSize(1);
    }

    private static Report notice(String name, ObjectNode confirm) {
        return new Report(name, null, confirm.toString().getBytes(StandardCharsets.UTF_8), 200);
    }

    /** A CONFIRM hashed as the contract says, whatever its values. */
    private static ObjectNode confirm(String reference, String amount, String transaction, String currency, String time,
                                      String partner) {
        ObjectNode m = JSON.createObjectNode().put("LoaiBanTin", "CONFIRM").put("MaLoi", "00").put("MaDoiTac", partner)
                .put("MaThamChieu", reference).put("SoTien", amount).put("MaTienTe", currency).put("MaGiaoDich", transaction)
                .put("MaNganHang", "970415").put("ThoiGianGD", time).put("ThongTinGiaoDich", "Thanh toan");
        return m.put("MaXacThuc", PaymentWire.hash(PAYMENT_SECRET, "CONFIRM", "00", partner, reference, amount, currency,
                transaction, "970415", time, "Thanh toan"));
    }

    private Answer signedReport(ObjectNode report) {
        byte[] body = report.toString().getBytes(StandardCharsets.UTF_8);
        Answer answer = api.partnerPost("/api/v1/postal/tracking", Hmac.sign(POSTAL_HMAC_KEY, body), body);
        assertThat(answer.status()).isEqualTo(200);
        return answer;
    }

    private static List<Report> trackingCorpus(String code, String item, String otherPartnersDossier) {
        List<Report> cases = new ArrayList<>();
        byte[] valid = report(code, item, 2).toString().getBytes(StandardCharsets.UTF_8);
        cases.add(new Report("no signature", null, valid, 401));
        cases.add(new Report("empty signature", "", valid, 401));
        cases.add(new Report("signature not hex", "zz" + Hmac.sign(POSTAL_HMAC_KEY, valid).substring(2), valid, 401));
        cases.add(new Report("signature with another key", Hmac.sign("another-partners-key", valid), valid, 401));
        cases.add(new Report("signature of another body", Hmac.sign(POSTAL_HMAC_KEY,
                report(code, item, 3).toString().getBytes(StandardCharsets.UTF_8)), valid, 401));
        cases.add(new Report("signature truncated", Hmac.sign(POSTAL_HMAC_KEY, valid).substring(0, 32), valid, 401));
        signed(cases, "unknown item code", report(code, "EL999999999VN", 2), 403);
        signed(cases, "item code of another dossier", report(TestEvents.newDossierCode(), item, 2), 403);
        signed(cases, "another partner's item code", report(otherPartnersDossier, "EE000000001VN", 2), 403);
        for (Object status : List.of(0, 8, 9, -1, 99, "4", 4.5, true)) {
            signed(cases, "StatusCode " + status, report(code, item, 2).putPOJO("StatusCode", status), 400);
        }
        signed(cases, "StatusCode missing", (ObjectNode) report(code, item, 2).without("StatusCode"), 400);
        for (String time : List.of("2026-11-20 08:00:00", "20261120250000", "20261131080000", "2026112008000",
                "20261120080000Z", "2026-11-20T08:00:00+07:00", "", "20261120 80000")) {
            signed(cases, "StatusTime " + time, report(code, item, 2).put("StatusTime", time), 400);
        }
        signed(cases, "StatusTime number", report(code, item, 2).put("StatusTime", 20261120080000L), 400);
        for (Object amount : List.of(-1, -100000, 100.5, "100000", 1e30)) {
            signed(cases, "CollectedAmount " + amount, report(code, item, 2).putPOJO("CollectedAmount", amount), 400);
        }
        signed(cases, "CollectedAmount missing", (ObjectNode) report(code, item, 2).without("CollectedAmount"), 400);
        for (String itemCode : List.of("", "el123456789vn", "EL12345678VN", "EL1234567890VN", "EL123456789VN'--")) {
            signed(cases, "ItemCode " + itemCode, report(code, item, 2).put("ItemCode", itemCode), 400);
        }
        signed(cases, "ItemCode missing", (ObjectNode) report(code, item, 2).without("ItemCode"), 400);
        for (String number : List.of("", "000.00.12.H56", "<script>", "000.00.12.H56-261320-0007")) {
            signed(cases, "OrderNumber " + number, report(code, item, 2).put("OrderNumber", number), 400);
        }
        signed(cases, "Location too long", report(code, item, 2).put("Location", "Ư".repeat(501)), 400);
        for (String body : List.of("", "{", "[]", "[{}]", "42", "\"text\"", "{\"ItemCode\":}", "nul")) {
            cases.add(new Report("not a JSON object: " + body, Hmac.sign(POSTAL_HMAC_KEY, body.getBytes(StandardCharsets.UTF_8)),
                    body.getBytes(StandardCharsets.UTF_8), 400));
        }
        byte[] huge = report(code, item, 2).put("Location", "x".repeat(70_000)).toString().getBytes(StandardCharsets.UTF_8);
        cases.add(new Report("body over 64 KB", Hmac.sign(POSTAL_HMAC_KEY, huge), huge, 413));
        return cases;
    }

    private static void signed(List<Report> cases, String name, ObjectNode report, int status) {
        byte[] body = report.toString().getBytes(StandardCharsets.UTF_8);
        cases.add(new Report(name, Hmac.sign(POSTAL_HMAC_KEY, body), body, status));
    }

    private static ObjectNode report(String code, String item, int status) {
        return JSON.createObjectNode().put("ItemCode", item).put("OrderNumber", code).put("StatusCode", status)
                .put("StatusTime", "20261120143000").put("Location", "Bưu cục Nha Trang").put("CollectedAmount", 0);
    }

    private static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        String events = "/api/v1/dossier-events";
        String key = OnestopApi.ONESTOP_KEY;

        // Not JSON, or not an object.
        for (String body : List.of("", "{", "}", "[", "{\"eventId\":", "{\"a\":1,}", "nul", "'single'", "{\"a\" 1}",
                "\u0000", "{\"eventId\":\"x\"} trailing", "[{}]", "42", "true", "\"just a string\"", "{{}}",
                "{\"sequence\":01}", "{\"sequence\":1e999999}", "{\"a\":\"\\uZZZZ\"}")) {
            cases.add(new Case("not an object: " + body, "POST", events, key, "application/json", body, 400));
        }

        // Wrong types and values, field by field.
        mutate(cases, "eventId number", e -> e.put("eventId", 12345));
        mutate(cases, "eventId not uuid", e -> e.put("eventId", "not-a-uuid"));
        mutate(cases, "eventId empty", e -> e.put("eventId", ""));
        mutate(cases, "eventId sql", e -> e.put("eventId", "'; drop table inbound_event; --"));
        mutate(cases, "sequence string", e -> e.put("sequence", "1"));
        mutate(cases, "sequence float", e -> e.put("sequence", 1.5));
        mutate(cases, "sequence zero", e -> e.put("sequence", 0));
        mutate(cases, "sequence negative", e -> e.put("sequence", -3));
        mutate(cases, "sequence huge", e -> e.put("sequence", 9_999_999_999L));
        mutate(cases, "sequence null", e -> e.putNull("sequence"));
        mutate(cases, "status 0", e -> e.put("status", 0));
        mutate(cases, "status 11", e -> e.put("status", 11));
        mutate(cases, "status string", e -> e.put("status", "RECEIVED"));
        mutate(cases, "status -1", e -> e.put("status", -1));
        mutate(cases, "status array", e -> e.putArray("status").add(2));
        mutate(cases, "occurredAt no offset", e -> e.put("occurredAt", "2026-11-20T08:15:00"));
        mutate(cases, "occurredAt words", e -> e.put("occurredAt", "hôm qua"));
        mutate(cases, "occurredAt impossible", e -> e.put("occurredAt", "2026-02-30T08:15:00+07:00"));
        mutate(cases, "occurredAt number", e -> e.put("occurredAt", 1_700_000_000));
        mutate(cases, "occurredAt portal format", e -> e.put("occurredAt", "20261120081500"));
        mutate(cases, "step missing", e -> e.remove("step"));
        mutate(cases, "step array", e -> e.putArray("step"));
        mutate(cases, "step officer blank", e -> step(e).put("officer", "  "));
        mutate(cases, "step officer number", e -> step(e).put("officer", 7));
        mutate(cases, "step officer huge", e -> step(e).put("officer", "Ư".repeat(5000)));
        mutate(cases, "step unit missing", e -> step(e).remove("unit"));
        mutate(cases, "step note control", e -> step(e).put("note", "Tiếp nhận\u0007"));
        mutate(cases, "step dueAt bad", e -> step(e).put("dueAt", "27/11/2026"));
        mutate(cases, "dossier missing", e -> e.remove("dossier"));
        mutate(cases, "dossier string", e -> e.put("dossier", "000.00.12.H56-261120-0007"));
        for (String code : List.of("", "000.00.12.H56", "000.00.12.H56-261320-0007", "000.00.12.H56-261100-0007",
                "000.00.12.X56-261120-0007", "000.00.12.H56-261120-07", "000.00.12.H56-261120-00071",
                "０００.００.１２.Ｈ５６-２６１１２０-０００７", "000.00.12.H56-261120-0007\n", "000.00.12.H56-261120-0007 OR 1=1",
                "<script>alert(1)</script>", "../../etc/passwd")) {
            mutate(cases, "dossier code " + code, e -> dossier(e).put("code", code));
        }
        for (String agency : List.of("", "000.00.12", "000.00.12.Z56", "0.0.0.H56", "000.00.12.h56",
                Normalizer.normalize("000.00.12.H56", Normalizer.Form.NFKD) + "\u0301")) {
            mutate(cases, "agency " + agency, e -> dossier(e).put("agencyCode", agency));
        }
        for (String procedure : List.of("", "1.0016", "1.001612.000.00.00", "1.001612.000.00.00.H56.1", "x.001612")) {
            mutate(cases, "procedure " + procedure, e -> dossier(e).put("procedureCode", procedure));
        }
        mutate(cases, "channel number", e -> dossier(e).put("channel", 1));
        mutate(cases, "channel unknown", e -> dossier(e).put("channel", "FAX"));
        mutate(cases, "channel lowercase", e -> dossier(e).put("channel", "online"));
        mutate(cases, "resultDelivery unknown", e -> dossier(e).put("resultDelivery", "DRONE"));
        mutate(cases, "summary huge", e -> dossier(e).put("summary", "Đăng ký ".repeat(1000)));
        mutate(cases, "summary blank", e -> dossier(e).put("summary", ""));
        mutate(cases, "submittedAt missing", e -> dossier(e).remove("submittedAt"));
        mutate(cases, "applicant missing", e -> dossier(e).remove("applicant"));
        mutate(cases, "applicant type unknown", e -> applicant(e).put("type", "ALIEN"));
        mutate(cases, "applicant name blank", e -> applicant(e).put("fullName", ""));
        mutate(cases, "applicant name control", e -> applicant(e).put("fullName", "Nguyễn\u001bVăn An"));
        mutate(cases, "applicant id letters", e -> applicant(e).put("idNumber", "00109001234A"));
        mutate(cases, "applicant id short", e -> applicant(e).put("idNumber", "1234"));
        mutate(cases, "applicant id 11 digits", e -> applicant(e).put("idNumber", "00109001234"));
        mutate(cases, "applicant phone letters", e -> applicant(e).put("phone", "09123abc78"));
        mutate(cases, "applicant email", e -> applicant(e).put("email", "not an email"));
        mutate(cases, "fees object", e -> dossier(e).putObject("fees"));
        mutate(cases, "fee amount negative", e -> fee(e).put("amount", -1));
        mutate(cases, "fee amount string", e -> fee(e).put("amount", "100000"));
        mutate(cases, "fee amount float", e -> fee(e).put("amount", 100000.5));
        mutate(cases, "fee kind unknown", e -> fee(e).put("kind", "TIP"));
        mutate(cases, "fee null element", e -> dossier(e).putArray("fees").addNull());
        mutate(cases, "attachment sha wrong", e -> attachment(e).put("sha256", "0".repeat(64)));
        mutate(cases, "attachment sha uppercase", e -> attachment(e).put("sha256", "A".repeat(64)));
        mutate(cases, "attachment size wrong", e -> attachment(e).put("size", 1));
        mutate(cases, "attachment size negative", e -> attachment(e).put("size", -5));
        mutate(cases, "attachment base64 broken", e -> attachment(e).put("contentBase64", "@@@@"));
        mutate(cases, "attachment base64 number", e -> attachment(e).put("contentBase64", 12));
        mutate(cases, "attachment unknown without content", e -> attachment(e).put("sha256", "f".repeat(64)).remove("contentBase64"));
        mutate(cases, "attachment name missing", e -> attachment(e).remove("name"));
        mutate(cases, "too many fees", e -> {
            var fees = dossier(e).putArray("fees");
            for (int i = 0; i < 60; i++) {
                fees.addObject().put("code", "LP" + i).put("name", "Lệ phí").put("amount", 1).put("kind", "FEE");
            }
        });

        // Credentials and media types.
        String valid = TestEvents.event(TestEvents.newDossierCode(), 1, 2).toString();
        cases.add(new Case("no key", "POST", events, null, "application/json", valid, 401));
        cases.add(new Case("empty key", "POST", events, "", "application/json", valid, 401));
        cases.add(new Case("wrong key", "POST", events, "sandbox-onestop-key-0002", "application/json", valid, 401));
        cases.add(new Case("key with suffix", "POST", events, key + "x", "application/json", valid, 401));
        cases.add(new Case("operator key", "POST", events, OnestopApi.OPERATOR_KEY, "application/json", valid, 403));
        cases.add(new Case("text/plain", "POST", events, key, "text/plain", valid, 415));
        cases.add(new Case("xml", "POST", events, key, "application/xml", "<event/>", 415));
        cases.add(new Case("form", "POST", events, key, "application/x-www-form-urlencoded", "a=b", 415));
        cases.add(new Case("GET events", "GET", events, key, null, null, 405));
        cases.add(new Case("huge body", "POST", events, key, "application/json",
                "{\"pad\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}", 413));

        // The other endpoints.
        String op = OnestopApi.OPERATOR_KEY;
        cases.add(new Case("dossier bad code", "GET", "/api/v1/dossiers/abc", op, null, null, 400));
        cases.add(new Case("dossier impossible date", "GET", "/api/v1/dossiers/000.00.12.H56-261399-0001", op, null, null, 400));
        cases.add(new Case("dossier unknown", "GET", "/api/v1/dossiers/000.00.12.H56-261120-9998", op, null, null, 404));
        cases.add(new Case("dossier no key", "GET", "/api/v1/dossiers/000.00.12.H56-261120-9998", null, null, null, 401));
        cases.add(new Case("parked no key", "GET", "/api/v1/parked", null, null, null, 401));
        cases.add(new Case("parked one-stop key", "GET", "/api/v1/parked", key, null, null, 403));
        cases.add(new Case("parked bad state", "GET", "/api/v1/parked?state=EVIL", op, null, null, 400));
        cases.add(new Case("parked bad limit", "GET", "/api/v1/parked?limit=-1", op, null, null, 400));
        cases.add(new Case("parked limit text", "GET", "/api/v1/parked?limit=many", op, null, null, 400));
        cases.add(new Case("parked id text", "GET", "/api/v1/parked/abc", op, null, null, 400));
        cases.add(new Case("parked unknown", "GET", "/api/v1/parked/987654321", op, null, null, 404));
        cases.add(new Case("replay unknown", "POST", "/api/v1/parked/987654321/replay", op, null, null, 404));
        cases.add(new Case("discard unknown", "DELETE", "/api/v1/parked/987654321?comment=duplicate", op, null, null, 404));
        cases.add(new Case("discard without comment", "DELETE", "/api/v1/parked/987654321", op, null, null, 400));
        cases.add(new Case("discard blank comment", "DELETE", "/api/v1/parked/987654321?comment=%20%20", op, null, null, 400));
        cases.add(new Case("discard comment too long", "DELETE", "/api/v1/parked/987654321?comment=" + "x".repeat(2001), op,
                null, null, 400));
        cases.add(new Case("replay viewer key", "POST", "/api/v1/parked/1/replay", OnestopApi.VIEWER_KEY, null, null, 403));
        cases.add(new Case("parked viewer key", "GET", "/api/v1/parked", OnestopApi.VIEWER_KEY, null, null, 403));
        cases.add(new Case("replay one-stop key", "POST", "/api/v1/parked/1/replay", key, null, null, 403));
        cases.add(new Case("attachment no signature", "GET", "/api/v1/attachments/" + "a".repeat(64), null, null, null, 400));
        cases.add(new Case("attachment forged", "GET", "/api/v1/attachments/" + "a".repeat(64) + "?expires=9999999999&signature="
                + "b".repeat(64), null, null, null, 403));
        cases.add(new Case("attachment expired", "GET", "/api/v1/attachments/" + "a".repeat(64) + "?expires=1&signature="
                + "b".repeat(64), null, null, null, 403));
        cases.add(new Case("attachment not a hash", "GET", "/api/v1/attachments/passwd?expires=9999999999&signature=x",
                null, null, null, 403));
        String verify = "/api/v1/signatures/verify";
        cases.add(new Case("verify no key", "POST", verify, null, "application/xml", "<a/>", 401));
        cases.add(new Case("verify GET", "GET", verify, op, null, null, 405));
        cases.add(new Case("verify json", "POST", verify, op, "application/json", "{}", 415));
        cases.add(new Case("verify broken xml", "POST", verify, op, "application/xml", "<a><b></a>", 400));
        cases.add(new Case("verify xxe", "POST", verify, op, "application/xml",
                "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><a>&x;</a>", 400));
        cases.add(new Case("verify billion laughs", "POST", verify, op, "application/xml",
                "<!DOCTYPE a [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;&l;\">]><a>&l2;</a>", 400));
        cases.add(new Case("verify unsigned xml", "POST", verify, op, "application/xml", "<a>Nguyễn</a>", 422));
        cases.add(new Case("verify not a pdf", "POST", verify, op, "application/pdf", "%PDX-1.7", 400));
        cases.add(new Case("verify truncated pdf", "POST", verify, op, "application/pdf", "%PDF-1.7\n1 0 obj", 422));
        cases.add(new Case("verify multipart without parts", "POST", verify, op, "multipart/form-data; boundary=x",
                "--x--\r\n", 400));
        cases.add(new Case("unknown api path", "GET", "/api/v1/nothing-here", op, null, null, 404));
        return cases;
    }

    private static void mutate(List<Case> cases, String name, Consumer<ObjectNode> change) {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        change.accept(event);
        cases.add(new Case(name, "POST", "/api/v1/dossier-events", OnestopApi.ONESTOP_KEY, "application/json",
                event.toString(), 400));
    }

    private static ObjectNode step(ObjectNode e) {
        return (ObjectNode) e.path("step");
    }

    private static ObjectNode dossier(ObjectNode e) {
        return (ObjectNode) e.path("dossier");
    }

    private static ObjectNode applicant(ObjectNode e) {
        return (ObjectNode) e.path("dossier").path("applicant");
    }

    private static ObjectNode fee(ObjectNode e) {
        return (ObjectNode) e.path("dossier").path("fees").get(0);
    }

    private static ObjectNode attachment(ObjectNode e) {
        return (ObjectNode) e.path("dossier").path("attachments").get(0);
    }
}
