package vn.gov.lgsp.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.OnestopApi.Answer;
import vn.gov.lgsp.support.TestEvents;

/** The one-stop API: precise answers to bad input, idempotency, and nothing queued that was not accepted. */
class DossierEventApiIT extends MiddlewareTest {

    private int eventsBefore;
    private int progressBefore;

    @BeforeEach
    void remember() {
        // Events of earlier tests are still on their way to the portal; let them arrive first.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from inbound_event")
                == count("select count(*) from peer_step where peer = 'portal' and state = 'DELIVERED'"));
        eventsBefore = count("select count(*) from inbound_event");
        progressBefore = PORTAL.progressCount();
    }

    @AfterEach
    void nothingStagedIsLeftBehind() throws Exception {
        try (Stream<Path> staged = Files.list(dataDir.resolve("attachments/staging"))) {
            assertThat(staged).isEmpty();
        }
    }

    @Test
    void aValidEventIsAcceptedWithATrackingIdAndReachesThePortal() {
        String code = TestEvents.newDossierCode();
        Answer answer = api.postEvent(TestEvents.event(code, 1, 2));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().path("trackingId").asText()).hasSize(36);
        assertThat(answer.body().path("repeated").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> PORTAL.progressStatuses(code).size() == 1);
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        Answer answer = post("{\"eventId\": \"abc\", ");
        assertProblem(answer, 400, "malformed-json");
        assertThat(answer.body().path("detail").asText()).contains("line 1");
        assertNothingQueued();
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertProblem(post("[1, 2, 3]"), 400, null);
        assertProblem(post("\"text\""), 400, null);
        assertProblem(post("null"), 400, null);
        assertProblem(post(""), 400, null);
        assertNothingQueued();
    }

    @Test
    void wrongTypesAreNamedByTheirJsonPath() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        event.put("sequence", "1");
        assertInvalidField(api.postEvent(event), "sequence");

        event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        event.put("sequence", 1.5);
        assertInvalidField(api.postEvent(event), "sequence");

        event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ((ObjectNode) event.path("dossier").path("fees").get(0)).put("amount", "100000");
        assertInvalidField(api.postEvent(event), "dossier.fees[0].amount");

        event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ((ObjectNode) event.path("dossier")).put("channel", 1);
        assertInvalidField(api.postEvent(event), "dossier.channel");

        event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ((ObjectNode) event.path("step")).put("officer", 42);
        assertInvalidField(api.postEvent(event), "step.officer");

        event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        event.put("occurredAt", "2026-11-20 08:15");
        assertInvalidField(api.postEvent(event), "occurredAt");
        assertNothingQueued();
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheStatus() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 11);
        Answer answer = api.postEvent(event);
        assertInvalidField(answer, "status");
        assertThat(answer.body().toString()).contains("unknown dossier status 11");
        assertNothingQueued();
    }

    @Test
    void everyInvalidCodeIsListedTogether() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ObjectNode dossier = (ObjectNode) event.path("dossier");
        dossier.put("code", "000.00.12.H56-261340-0007");
        dossier.put("agencyCode", "12.H56");
        dossier.put("procedureCode", "1.0016");
        ((ObjectNode) dossier.path("applicant")).put("idNumber", "12345");
        event.put("eventId", "not-a-uuid");
        event.put("sequence", 0);

        Answer answer = api.postEvent(event);

        assertProblem(answer, 400, "invalid-request");
        assertThat(fields(answer)).contains("dossier.code", "dossier.agencyCode", "dossier.procedureCode",
                "dossier.applicant.idNumber", "eventId", "sequence");
        assertNothingQueued();
    }

    @Test
    void missingRequiredPartsAreListed() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        event.remove("step");
        ((ObjectNode) event.path("dossier")).remove("applicant");
        ((ObjectNode) event.path("dossier")).put("summary", "   ");
        assertThat(fields(api.postEvent(event))).contains("step", "dossier.applicant", "dossier.summary");
        assertNothingQueued();
    }

    @Test
    void controlCharactersAreRefused() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ((ObjectNode) event.path("dossier").path("applicant")).put("fullName", "Nguyễn\u0000Văn An");
        assertInvalidField(api.postEvent(event), "dossier.applicant.fullName");
        assertNothingQueued();
    }

    @Test
    void textInDecomposedUnicodeIsStoredComposed() {
        String code = TestEvents.newDossierCode();
        ObjectNode event = TestEvents.event(code, 1, 2);
        String decomposed = java.text.Normalizer.normalize("Nguyễn Văn An", java.text.Normalizer.Form.NFD);
        ((ObjectNode) event.path("dossier").path("applicant")).put("fullName", decomposed);
        ObjectNode same = event.deepCopy();
        ((ObjectNode) same.path("dossier").path("applicant")).put("fullName", "Nguyễn Văn An");

        assertThat(api.postEvent(event).status()).isEqualTo(202);
        // Both forms are the same name: the second is a repeat of the first, not a conflict.
        assertThat(api.postEvent(same).body().path("repeated").asBoolean()).isTrue();
    }

    @Test
    void attachmentContentThatDoesNotMatchItsDeclarationIsRefused() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ((ObjectNode) event.path("dossier").path("attachments").get(0)).put("sha256", "0".repeat(64));
        assertInvalidField(api.postEvent(event), "dossier.attachments[0].contentBase64");

        event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ((ObjectNode) event.path("dossier").path("attachments").get(0)).put("contentBase64", "%%% not base64 %%%");
        assertProblem(api.postEvent(event), 400, null);
        assertNothingQueued();
    }

    @Test
    void attachmentContentIsStoredOnceHoweverLargeAndHoweverOftenItIsSent() throws Exception {
        String code = TestEvents.newDossierCode();
        byte[] small = ("small " + code).getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[200 * 1024];
        new Random(code.hashCode()).nextBytes(large);
        for (int sequence = 1; sequence <= 2; sequence++) {
            ObjectNode event = TestEvents.event(code, sequence, sequence == 1 ? 1 : 2);
            withContent(event, 0, small);
            withContent(event, 1, large);
            assertThat(api.postEvent(event).status()).isEqualTo(202);
        }
        assertThat(Files.readAllBytes(stored(small))).isEqualTo(small);
        assertThat(Files.readAllBytes(stored(large))).isEqualTo(large);

        // Content the store already has, sent with a declaration it does not match, is refused and the copy kept.
        ObjectNode mismatch = TestEvents.event(code, 3, 4);
        withContent(mismatch, 0, small);
        ((ObjectNode) mismatch.path("dossier").path("attachments").get(0)).put("size", small.length + 1);
        assertInvalidField(api.postEvent(mismatch), "dossier.attachments[0].contentBase64");
        assertThat(Files.readAllBytes(stored(small))).isEqualTo(small);
    }

    private Path stored(byte[] content) {
        String sha256 = TestEvents.sha256(content);
        return dataDir.resolve("attachments").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static void withContent(ObjectNode event, int index, byte[] content) {
        ArrayNode attachments = (ArrayNode) event.path("dossier").path("attachments");
        ObjectNode attachment = index < attachments.size() ? (ObjectNode) attachments.get(index)
                : attachments.addObject().put("id", "a" + (index + 1)).put("name", "Phụ lục " + index + ".pdf")
                        .put("mediaType", "application/pdf");
        attachment.put("size", content.length).put("sha256", TestEvents.sha256(content))
                .put("contentBase64", Base64.getEncoder().encodeToString(content));
    }

    @Test
    void anAttachmentWithoutContentMustAlreadyBeStored() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ObjectNode attachment = (ObjectNode) event.path("dossier").path("attachments").get(0);
        attachment.remove("contentBase64");
        attachment.put("sha256", "1".repeat(64));
        assertInvalidField(api.postEvent(event), "dossier.attachments[0].contentBase64");
        assertNothingQueued();
    }

    @Test
    void anOversizedBodyIsRefusedWhetherDeclaredOrStreamed() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        ((ObjectNode) event.path("dossier")).put("summary", "x".repeat(3 * 1024 * 1024));
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);

        assertProblem(api.send("POST", "/api/v1/dossier-events", OnestopApi.ONESTOP_KEY, "application/json",
                HttpRequest.BodyPublishers.ofByteArray(body)), 413, "payload-too-large");
        assertProblem(api.send("POST", "/api/v1/dossier-events", OnestopApi.ONESTOP_KEY, "application/json",
                chunked(body)), 413, "payload-too-large");
        assertNothingQueued();
    }

    @Test
    void callersWithoutAValidKeyAreRefused() {
        ObjectNode event = TestEvents.event(TestEvents.newDossierCode(), 1, 2);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(event.toString());
        assertProblem(api.send("POST", "/api/v1/dossier-events", null, "application/json", body), 401, "unauthenticated");
        assertProblem(api.send("POST", "/api/v1/dossier-events", "wrong-key-wrong-key", "application/json", body), 401,
                "unauthenticated");
        assertProblem(api.send("POST", "/api/v1/dossier-events", OnestopApi.OPERATOR_KEY, "application/json", body), 403,
                "forbidden");
        assertProblem(api.send("GET", "/api/v1/parked", OnestopApi.ONESTOP_KEY, null, HttpRequest.BodyPublishers.noBody()),
                403, "forbidden");
        assertNothingQueued();
        assertThat(count("select count(*) from inbound_rejection where http_status in (401, 403)")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void anythingButJsonIsRefused() {
        assertProblem(api.send("POST", "/api/v1/dossier-events", OnestopApi.ONESTOP_KEY, "text/plain",
                HttpRequest.BodyPublishers.ofString("hello")), 415, "unsupported-media-type");
        assertNothingQueued();
    }

    @Test
    void theSameEventAgainIsAcknowledgedAgainAndNotQueuedTwice() {
        String code = TestEvents.newDossierCode();
        ObjectNode event = TestEvents.event(code, 1, 2);
        Answer first = api.postEvent(event);
        Answer again = api.postEvent(event);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().path("trackingId").asText()).isEqualTo(first.body().path("trackingId").asText());
        assertThat(again.body().path("repeated").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> PORTAL.progressStatuses(code).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> PORTAL.progressStatuses(code).size() == 1);
    }

    @Test
    void anEventIdReusedWithAnotherBodyIsAConflict() {
        String code = TestEvents.newDossierCode();
        ObjectNode event = TestEvents.event(code, 1, 2);
        assertThat(api.postEvent(event).status()).isEqualTo(202);
        ((ObjectNode) event.path("step")).put("note", "Một nội dung khác");

        Answer answer = api.postEvent(event);
        assertProblem(answer, 409, "conflict");
        assertThat(answer.body().path("detail").asText()).contains("different body");
    }

    @Test
    void aStepAlreadyTakenByAnotherEventIsAConflict() {
        String code = TestEvents.newDossierCode();
        assertThat(api.postEvent(TestEvents.event(code, 1, 2)).status()).isEqualTo(202);

        Answer answer = api.postEvent(TestEvents.event(code, 1, 2));
        assertProblem(answer, 409, "conflict");
        assertThat(answer.body().path("detail").asText()).contains("step 1 of dossier " + code + " is already taken");
        assertThat(count("select count(*) from inbound_event where dossier_code = ?", code)).isEqualTo(1);
    }

    @Test
    void theDossierViewNeedsAWellFormedKnownCode() {
        assertProblem(api.operatorGet("/api/v1/dossiers/not-a-code"), 400, "invalid-request");
        assertProblem(api.operatorGet("/api/v1/dossiers/000.00.99.H56-261101-9999"), 404, null);
    }

    private Answer post(String body) {
        return api.send("POST", "/api/v1/dossier-events", OnestopApi.ONESTOP_KEY, "application/json",
                HttpRequest.BodyPublishers.ofString(body));
    }

    private void assertNothingQueued() {
        assertThat(count("select count(*) from inbound_event")).isEqualTo(eventsBefore);
        assertThat(PORTAL.progressCount()).isEqualTo(progressBefore);
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("status").asInt()).isEqualTo(status);
        if (type != null) {
            assertThat(answer.body().path("type").asText()).isEqualTo("urn:lgsp:problem:" + type);
        }
    }

    private static void assertInvalidField(Answer answer, String field) {
        assertProblem(answer, 400, "invalid-request");
        assertThat(fields(answer)).contains(field);
    }

    private static List<String> fields(Answer answer) {
        List<String> fields = new ArrayList<>();
        for (JsonNode e : answer.body().path("errors")) {
            fields.add(e.path("field").asText());
        }
        return fields;
    }

    /** A body sent without a Content-Length, as a streaming client does. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofByteArray(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                inner.subscribe(subscriber);
            }
        };
    }
}
