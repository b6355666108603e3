package vn.gov.lgsp.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import vn.gov.lgsp.adapters.payment.PaymentWire;
import vn.gov.lgsp.reconciliation.ReconciliationReport;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver.Received;
import vn.gov.lgsp.sandbox.SandboxPaymentPlatform;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.TestEvents;

/**
 * The dossier → payment platform flow against the sandbox platform on loopback: requests, notifications, lost,
 * repeated, forged and failed notifications, QUERY recovery, receipts, one request per fee set.
 */
@TestPropertySource(properties = {"app.flows.payment.query-after=1s", "app.flows.payment.query-interval=300ms"})
class PaymentFlowIT extends MiddlewareTest {

    private static final Duration PAID = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOnlineDossierWithFeesIsAskedToPayAndItsPaymentToldBackWithItsReceiptKept() {
        String code = TestEvents.newDossierCode();
        api.postEvent(online(code, 1, 2));

        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_CONFIRMED"));
        assertThat(kinds(code)).containsExactly("PAYMENT_REQUESTED", "PAYMENT_CONFIRMED");
        JsonNode requested = payment(code, "PAYMENT_REQUESTED").data();
        String reference = requested.path("reference").asText();
        assertThat(reference).matches("[A-Z0-9]{1,25}");
        assertThat(requested.path("amount").asLong()).isEqualTo(100_000);
        assertThat(requested.path("paymentUrl").asText()).isEqualTo(PAYMENTS.baseUrl() + "/pay/" + reference);
        assertThat(requested.path("qrPayload").asText()).startsWith("000201010212").contains("0208QRIBFTTA")
                .contains("5406100000").contains("08" + String.format("%02d", reference.length()) + reference);
        JsonNode confirmed = payment(code, "PAYMENT_CONFIRMED").data();
        SandboxPaymentPlatform.Payment atPlatform = PAYMENTS.paymentsOf(code).get(0);
        assertThat(confirmed.path("reference").asText()).isEqualTo(reference);
        assertThat(confirmed.path("amount").asLong()).isEqualTo(100_000);
        assertThat(confirmed.path("transactionId").asText()).isEqualTo(atPlatform.transactionId());
        assertThat(confirmed.path("paidAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+07:00");

        // The same payload as a QR code image, for the one-stop software to show; decoded, it is the payload.
        HttpResponse<byte[]> png = image(view(code).path("qrImage").asText());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(decodeQr(png.body())).isEqualTo(requested.path("qrPayload").asText());

        await().atMost(PAID).until(() -> !view(code).path("receipt").isNull());
        JsonNode payment = view(code);
        assertThat(payment.path("state").asText()).isEqualTo("PAID");
        assertThat(payment.path("settledBy").asText()).isEqualTo("CONFIRM");
        assertThat(payment.path("receipt").asText()).contains(atPlatform.transactionId());
    }

    @Test
    void aLostNotificationIsFoundByQueryAndSettledTheSameWay() {
        String code = TestEvents.newDossierCode();
        PAYMENTS.steer(code, SandboxPaymentPlatform.Steering.DROP_NOTIFICATION);
        PAYMENTS.answerQueryLate(1);
        api.postEvent(online(code, 1, 2));

        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_CONFIRMED"));
        assertThat(view(code).path("settledBy").asText()).isEqualTo("QUERY");
        assertThat(view(code).path("queries").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(kinds(code)).containsExactly("PAYMENT_REQUESTED", "PAYMENT_CONFIRMED");
    }

    @Test
    void aRepeatedNotificationIsAcknowledgedAndChangesNothing() {
        PAYMENTS.duplicate(true);
        long acknowledged = PAYMENTS.confirmsAcknowledged();
        String code = TestEvents.newDossierCode();
        api.postEvent(online(code, 1, 2));

        await().atMost(PAID).until(() -> PAYMENTS.confirmsAcknowledged() - acknowledged >= 2);
        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_CONFIRMED"));
        assertThat(kinds(code)).containsExactly("PAYMENT_REQUESTED", "PAYMENT_CONFIRMED");
    }

    @Test
    void aNotificationRacingAQueryAnswerSettlesThePaymentOnce() throws Exception {
        String code = TestEvents.newDossierCode();
        PAYMENTS.steer(code, SandboxPaymentPlatform.Steering.DROP_NOTIFICATION);
        api.postEvent(online(code, 1, 2));
        await().atMost(PAID).until(() -> !PAYMENTS.paymentsOf(code).isEmpty() && PAYMENTS.paymentsOf(code).get(0).paid());
        SandboxPaymentPlatform.Payment paid = PAYMENTS.paymentsOf(code).get(0);
        byte[] confirm = confirm(paid.reference(), paid.amount(), paid.transactionId(), "00");

        // The platform's late notification, sent eight times at once, while the QUERY of the same payment comes back.
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(senders.submit(() -> api.partnerPost("/api/v1/payments/confirm", null, confirm).body()));
        }
        for (Future<JsonNode> answer : answers) {
            assertThat(answer.get().path("MaLoi").asText()).isEqualTo("00");
        }
        senders.shutdown();
        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_CONFIRMED"));
        Thread.sleep(1500);
        assertThat(kinds(code)).containsExactly("PAYMENT_REQUESTED", "PAYMENT_CONFIRMED");
        assertThat(count("select count(*) from payment where dossier_code = ? and state = 'PAID'", code)).isEqualTo(1);
    }

    @Test
    void aForgedNotificationIsRefusedAndTheGenuineOneTaken() {
        long refused = PAYMENTS.confirmsRefused();
        String code = TestEvents.newDossierCode();
        PAYMENTS.steer(code, SandboxPaymentPlatform.Steering.FORGE_NOTIFICATION_FIRST);
        api.postEvent(online(code, 1, 2));

        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_CONFIRMED"));
        assertThat(PAYMENTS.confirmsRefused() - refused).isEqualTo(1);
        assertThat(count("select count(*) from inbound_rejection where endpoint = 'POST /api/v1/payments/confirm' "
                + "and problem like '%MaXacThuc%'")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFailedPaymentIsToldAndTheNextAskForPaymentIsANewRequest() {
        String code = TestEvents.newDossierCode();
        PAYMENTS.steer(code, SandboxPaymentPlatform.Steering.FAIL_PAYMENT);
        api.postEvent(online(code, 1, 2));
        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_FAILED"));
        assertThat(payment(code, "PAYMENT_FAILED").data().path("code").asText()).isEqualTo("24");

        api.postEvent(online(code, 2, 4));
        api.postEvent(online(code, 3, 6));

        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_CONFIRMED"));
        assertThat(kinds(code)).containsExactly("PAYMENT_REQUESTED", "PAYMENT_FAILED", "PAYMENT_REQUESTED", "PAYMENT_CONFIRMED");
        assertThat(PAYMENTS.paymentsOf(code)).hasSize(2);
    }

    @Test
    void oneRequestPerFeeSetAndANewOneWhenTheFeesChange() {
        String code = TestEvents.newDossierCode();
        api.postEvent(online(code, 1, 2));
        api.postEvent(online(code, 2, 4));
        api.postEvent(online(code, 3, 6));
        await().atMost(PAID).until(() -> count("select delivered_sequence from peer_dossier where peer = 'payment' "
                + "and dossier_code = ?", code) == 3);
        assertThat(PAYMENTS.paymentsOf(code)).hasSize(1);

        ObjectNode moreFees = online(code, 5, 6);
        ((ObjectNode) moreFees.path("dossier").path("fees").get(0)).put("amount", 150_000);
        api.postEvent(online(code, 4, 4));
        api.postEvent(moreFees);

        await().atMost(PAID).until(() -> PAYMENTS.paymentsOf(code).size() == 2);
        assertThat(PAYMENTS.paymentsOf(code)).extracting(SandboxPaymentPlatform.Payment::amount)
                .containsExactlyInAnyOrder(100_000L, 150_000L);
    }

    @Test
    void theDaysPaymentReconciliationFindsThePlantedDiscrepanciesAndSettlesWhatThePlatformHasPaid() {
        String matched = paidDossier();
        String lost = paidDossier();
        String mismatched = paidDossier();
        // Planted: a notification our ledger never got (and no QUERY yet), a transaction recorded wrongly, a payment
        // the platform never had.
        jdbc.update("update payment set state = 'REQUESTED', transaction_id = null, paid_at = null, settled_by = null, "
                + "next_query_at = ? where dossier_code = ?", OffsetDateTime.now().plusDays(1), lost);
        jdbc.update("update payment set transaction_id = 'GD-WRONG' where dossier_code = ?", mismatched);
        String missing = TestEvents.newDossierCode();
        jdbc.update("insert into payment (reference, dossier_code, fee_set, amount, state, requested_at, transaction_id, "
                + "paid_at, queries) values ('LG00000000000000MISS', ?, 'x', 100000, 'PAID', now(), 'GD0', now(), 0)", missing);
        String today = LocalDate.now(ReconciliationReport.VIETNAM).toString();

        JsonNode report = api.operator("POST", "/api/v1/reconciliations/payments/" + today).body();

        Map<String, String> outcomes = new HashMap<>();
        report.path("rows").forEach(r -> outcomes.put(r.path("dossierCode").asText(), r.path("outcome").asText()));
        assertThat(outcomes).containsEntry(matched, "MATCHED").containsEntry(lost, "PAID_AT_PLATFORM_PENDING_HERE")
                .containsEntry(mismatched, "AMOUNT_MISMATCH").containsEntry(missing, "MISSING_AT_PLATFORM");
        assertThat(report.path("discrepancies").asInt()).isGreaterThanOrEqualTo(3);
        // The payment the platform had as paid is settled now, and told, as a CONFIRM would have been.
        assertThat(view(lost).path("state").asText()).isEqualTo("PAID");
        await().atMost(PAID).until(() -> kinds(lost).stream().filter("PAYMENT_CONFIRMED"::equals).count() == 2);
        assertThat(api.operatorGet("/api/v1/reconciliations/payments/" + today + ".csv").text())
                .startsWith("day,dossierCode,reference,requested,stateHere,paidAtPlatform");
    }

    private HttpResponse<byte[]> image(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("X-API-Key", OnestopApi.ONESTOP_KEY).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decodeQr(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
        } catch (IOException | ReaderException e) {
            throw new AssertionError("the QR image does not decode", e);
        }
    }

    private String paidDossier() {
        String code = TestEvents.newDossierCode();
        api.postEvent(online(code, 1, 2));
        await().atMost(PAID).until(() -> kinds(code).contains("PAYMENT_CONFIRMED"));
        return code;
    }

    /** A step of a dossier submitted online, owing 100,000 VND of fees. */
    private static ObjectNode online(String code, int sequence, int status) {
        ObjectNode event = TestEvents.event(code, sequence, status);
        ((ObjectNode) event.path("dossier")).put("channel", "ONLINE");
        return event;
    }

    /** A CONFIRM as the platform signs it. */
    static byte[] confirm(String reference, long amount, String transactionId, String code) {
        ObjectNode m = JSON.createObjectNode().put("LoaiBanTin", "CONFIRM").put("MaLoi", code).put("MaDoiTac", PAYMENT_PARTNER)
                .put("MaThamChieu", reference).put("SoTien", Long.toString(amount)).put("MaTienTe", "VND")
                .put("MaGiaoDich", transactionId).put("MaNganHang", "970415").put("ThoiGianGD", "20261127130000")
                .put("ThongTinGiaoDich", "Thanh toan");
        m.put("MaXacThuc", PaymentWire.hash(PAYMENT_SECRET, "CONFIRM", code, PAYMENT_PARTNER, reference,
                Long.toString(amount), "VND", transactionId, "970415", "20261127130000", "Thanh toan"));
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode view(String code) {
        return api.operatorGet("/api/v1/dossiers/" + code).body().path("payments").get(0);
    }

    private static List<String> kinds(String code) {
        return ONESTOP.of(code).stream().map(Received::kind).filter(k -> k.startsWith("PAYMENT_")).toList();
    }

    private static Received payment(String code, String kind) {
        return ONESTOP.of(code).stream().filter(c -> c.kind().equals(kind)).findFirst().orElseThrow();
    }
}
