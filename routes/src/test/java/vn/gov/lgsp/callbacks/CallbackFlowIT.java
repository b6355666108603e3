package vn.gov.lgsp.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.TestEvents;

/**
 * Callbacks to the one-stop software, end to end: the sandbox one-stop receiver on loopback checks each callback's
 * HMAC with the client's key and the order of each dossier's callbacks, and drops repeats by {@code callbackId}.
 */
class CallbackFlowIT extends MiddlewareTest {

    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final int[] LIFECYCLE = {2, 4, 4, 9, 10};

    @Autowired
    private CamelContext camel;
    @Autowired
    private ProducerTemplate producer;
    @Autowired
    private ObjectMapper json;

    @Test
    void everyStepThePortalTakesIsToldBackSignedAndInOrderUnderEightConcurrentSenders() throws Exception {
        long badSignaturesBefore = ONESTOP.badSignatures();
        long outOfOrderBefore = ONESTOP.outOfOrder();
        long malformedBefore = ONESTOP.malformed();
        List<String> codes = dossiers(12);

        sendAll(codes, 8);

        for (String code : codes) {
            await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == LIFECYCLE.length);
            assertThat(ONESTOP.of(code)).extracting(SandboxCallbackReceiver.Received::kind).containsOnly("PORTAL_SYNCED");
            assertThat(ONESTOP.of(code)).extracting(c -> c.data().path("sequence").asInt()).containsExactly(1, 2, 3, 4, 5);
            assertThat(ONESTOP.of(code)).extracting(c -> c.data().path("status").asInt()).containsExactly(2, 4, 4, 9, 10);
        }
        assertThat(ONESTOP.badSignatures()).isEqualTo(badSignaturesBefore);
        assertThat(ONESTOP.outOfOrder()).isEqualTo(outOfOrderBefore);
        // The receiver parses the body on its own: every callback had the contract's fields.
        assertThat(ONESTOP.malformed()).isEqualTo(malformedBefore);
    }

    @Test
    void aStepThePortalRefusesIsToldBackAsRejectedWithThePortalsReason() {
        String code = TestEvents.newDossierCode();
        PORTAL.refuseDossier(code, "NgayHenTra không hợp lệ");
        api.postEvent(TestEvents.event(code, 1, 2));

        await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 1);
        SandboxCallbackReceiver.Received rejected = ONESTOP.of(code).get(0);
        assertThat(rejected.kind()).isEqualTo("PORTAL_REJECTED");
        assertThat(rejected.data().path("sequence").asInt()).isEqualTo(1);
        assertThat(rejected.data().path("code").asText()).isEqualTo("portal.rejected");
        assertThat(rejected.data().path("message").asText()).contains("NgayHenTra không hợp lệ");
        PORTAL.acceptDossier(code);
    }

    @Test
    void aReceiverThatFailsHangsOrDropsTheConnectionLosesNothingAndKeepsTheOrder() throws Exception {
        List<String> codes = dossiers(6);
        ONESTOP.failNext(4, 500);
        ONESTOP.dropNext(3);

        sendAll(codes, 4);
        // Answers slower than the callback time-out (2 s in tests) count as failures; the callback is sent again.
        ONESTOP.latency(Duration.ofMillis(2500));
        Thread.sleep(4000);
        ONESTOP.latency(Duration.ZERO);

        for (String code : codes) {
            await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == LIFECYCLE.length);
            assertThat(ONESTOP.of(code)).extracting(c -> c.data().path("sequence").asInt()).containsExactly(1, 2, 3, 4, 5);
            assertThat(count("select count(*) from parked_message where dossier_code = ?", code)).isZero();
        }
        assertThat(count("select count(*) from message_log where peer = 'callbacks' and outcome = 'FAILED'")).isPositive();
    }

    @Test
    void aReceiverDownForAWhileHoldsOnlyTheCallbacksAndTheyDrainInOrderWhenItReturns() throws Exception {
        ONESTOP.outage(503);
        List<String> codes = dossiers(6);

        sendAll(codes, 4);

        // The portal is not slowed by the callbacks: every step reaches it while the receiver is down.
        for (String code : codes) {
            await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == LIFECYCLE.length);
        }
        await().atMost(DELIVERY).until(() -> camel.getRouteController().getRouteStatus("callbacks-delivery")
                == ServiceStatus.Suspended);
        JsonNode waiting = api.operatorGet("/api/v1/dossiers/" + codes.get(0)).body();
        assertThat(waiting.path("callbacks")).hasSize(LIFECYCLE.length);
        assertThat(waiting.path("callbacks").findValuesAsText("state")).doesNotContain("ACKNOWLEDGED");
        assertThat(ONESTOP.of(codes.get(0))).isEmpty();

        ONESTOP.endOutage();

        for (String code : codes) {
            await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == LIFECYCLE.length);
            assertThat(ONESTOP.of(code)).extracting(c -> c.data().path("sequence").asInt()).containsExactly(1, 2, 3, 4, 5);
        }
        await().atMost(DELIVERY).until(() -> api.operatorGet("/api/v1/dossiers/" + codes.get(0)).body().path("callbacks")
                .findValuesAsText("state").stream().allMatch("ACKNOWLEDGED"::equals));
    }

    @Test
    void theDossierViewShowsEachFlowsPositionAndTheCallbacksSent() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 2, 4));
        await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 2);

        await().atMost(DELIVERY).until(() -> api.operatorGet("/api/v1/dossiers/" + code).body().path("peers")
                .findValuesAsText("peer").contains("callbacks"));
        JsonNode view = api.operatorGet("/api/v1/dossiers/" + code).body();
        assertThat(view.path("peers").findValuesAsText("peer")).contains("portal", "callbacks");
        assertThat(view.path("events").get(0).path("flows").asText()).isEqualTo(",portal,");
        assertThat(view.path("callbacks")).hasSize(2);
        JsonNode first = view.path("callbacks").get(0);
        assertThat(first.path("kind").asText()).isEqualTo("PORTAL_SYNCED");
        assertThat(first.path("from").asText()).isEqualTo("portal");
        assertThat(first.path("callbackId").asText()).isEqualTo(ONESTOP.of(code).get(0).callbackId());
        assertThat(view.path("messageLog").path("entries").findValuesAsText("peer")).contains("callbacks");
        assertThat(view.path("messageLog").path("intact").asBoolean()).isTrue();
    }

    @Test
    void aCallbackThatNeverReachedItsQueueIsQueuedAgainByTheWatchAndTheOrderHolds() throws Exception {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 1);
        // Two pieces of news recorded; the first is lost on its way to the queue (as in a crash between two commits).
        OnestopCallback lost = new OnestopCallback("sandbox", 2, Callback.of(code, Callback.Kind.PORTAL_SYNCED, Map.of("sequence", 9)));
        OnestopCallback next = new OnestopCallback("sandbox", 3, Callback.of(code, Callback.Kind.PORTAL_SYNCED, Map.of("sequence", 10)));
        for (OnestopCallback c : List.of(lost, next)) {
            jdbc.update("insert into outbound_message (id, peer, dossier_code, sequence, recipient, kind, source_peer, "
                    + "source_sequence, payload, created_at) values (?,'callbacks',?,?,'sandbox','PORTAL_SYNCED','test',?,?,?)",
                    c.callback().callbackId(), code, c.sequence(), c.sequence(), json.writeValueAsString(c),
                    OffsetDateTime.now(ZoneOffset.UTC));
        }
        producer.sendBodyAndHeaders(Queues.jms(Queues.CALLBACKS), json.writeValueAsString(next),
                Map.of(MessageHeaders.GROUP_ID, code));

        // The watch finds the third waiting for the second past the gap timeout (3 s in tests) and queues it again.
        await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 3);
        assertThat(ONESTOP.of(code)).extracting(SandboxCallbackReceiver.Received::callbackId)
                .containsExactly(ONESTOP.of(code).get(0).callbackId(), lost.callback().callbackId(), next.callback().callbackId());
        assertThat(count("select count(*) from parked_message where dossier_code = ?", code)).isZero();
    }

    @Test
    void aCallbackNumberThatCanNeverComeDoesNotStrandTheNewsAfterIt() throws Exception {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 1);
        // Number 2 was never made (it cannot be: numbers are given max+1 in the commit that makes the news), 3 was.
        OnestopCallback next = new OnestopCallback("sandbox", 3, Callback.of(code, Callback.Kind.PORTAL_SYNCED, Map.of("sequence", 10)));
        jdbc.update("insert into outbound_message (id, peer, dossier_code, sequence, recipient, kind, source_peer, "
                + "source_sequence, payload, created_at) values (?,'callbacks',?,3,'sandbox','PORTAL_SYNCED','test',3,?,?)",
                next.callback().callbackId(), code, json.writeValueAsString(next), OffsetDateTime.now(ZoneOffset.UTC));
        producer.sendBodyAndHeaders(Queues.jms(Queues.CALLBACKS), json.writeValueAsString(next),
                Map.of(MessageHeaders.GROUP_ID, code));

        await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 2);
        assertThat(ONESTOP.of(code).get(1).callbackId()).isEqualTo(next.callback().callbackId());
        assertThat(count("select count(*) from parked_message where dossier_code = ?", code)).isZero();
    }

    private static List<String> dossiers(int n) {
        return IntStream.range(0, n).mapToObj(i -> TestEvents.newDossierCode()).toList();
    }

    /** Every step of every dossier, dossiers interleaved, from {@code senders} one-stop senders at once. */
    private void sendAll(List<String> codes, int senders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int step = 1; step <= LIFECYCLE.length; step++) {
            for (String code : codes) {
                ObjectNode event = TestEvents.event(code, step, LIFECYCLE[step - 1]);
                answers.add(pool.submit(() -> api.postEvent(event).status()));
            }
        }
        for (Future<Integer> f : answers) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(202);
        }
        pool.shutdown();
    }
}
