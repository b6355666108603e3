package vn.gov.lgsp.portalsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.PeerBreakers;
import vn.gov.lgsp.sandbox.SampleDossiers;
import vn.gov.lgsp.sandbox.SampleFeeder;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.TestEvents;

/**
 * The dossier → national portal flow, end to end over the embedded broker, a real database and the sandbox
 * portal on loopback. Run once per database (see the subclasses).
 */
abstract class PortalSyncContract extends MiddlewareTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String DELIVERY_ROUTE = "portal-delivery";

    @Autowired
    private CamelContext camel;
    @Autowired
    private PeerBreakers breakers;
    @Autowired
    private ProducerTemplate producer;
    @Autowired
    private ObjectMapper json;

    @Test
    void stepsOfManyDossiersReachThePortalInOrderUnderConcurrency() throws Exception {
        List<List<ObjectNode>> dossiers = new SampleDossiers(System.nanoTime(), LocalDate.of(2026, 11, 3)).dossiers(30);
        dossiers.forEach(events -> events.forEach(e -> {
            // Codes of their own, so that repeated runs in one JVM never meet.
            String code = TestEvents.newDossierCode();
            events.forEach(x -> ((ObjectNode) x.path("dossier")).put("code", code).put("agencyCode", code.substring(0, 13)));
        }));
        int total = dossiers.stream().mapToInt(List::size).sum();
        long refusalsBefore = PORTAL.refusals();

        SampleFeeder.Result result = new SampleFeeder(URI.create("http://127.0.0.1:" + port + "/api/v1/dossier-events"),
                OnestopApi.ONESTOP_KEY).feed(dossiers, 8, 42);

        assertThat(result.accepted()).isEqualTo(total);
        for (List<ObjectNode> events : dossiers) {
            String code = events.get(0).path("dossier").path("code").asText();
            List<Integer> expected = events.stream().map(e -> e.path("status").asInt()).toList();
            List<String> notes = events.stream().map(e -> e.path("step").path("note").asText()).toList();
            await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == expected.size());
            assertThat(PORTAL.progressStatuses(code)).containsExactlyElementsOf(expected);
            assertThat(PORTAL.progressNotes(code)).containsExactlyElementsOf(notes);
            assertThat(PORTAL.headerStatus(code)).isEqualTo(expected.get(expected.size() - 1));
        }
        assertThat(PORTAL.refusals()).isEqualTo(refusalsBefore);
    }

    @Test
    void stepsArrivingInReverseOrderAreHeldAndReleasedInSequence() {
        String code = TestEvents.newDossierCode();
        int[] statuses = {2, 4, 4, 9, 10};
        for (int sequence = statuses.length; sequence >= 2; sequence--) {
            assertThat(api.postEvent(TestEvents.event(code, sequence, statuses[sequence - 1])).status()).isEqualTo(202);
        }
        await().atMost(DELIVERY).until(() -> count("select count(*) from peer_step where dossier_code = ? and state = 'HELD'", code) == 4);
        assertThat(PORTAL.progressStatuses(code)).isEmpty();

        api.postEvent(TestEvents.event(code, 1, statuses[0]));

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 5);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4, 4, 9, 10);
        assertThat(PORTAL.progressNotes(code)).containsExactly("Bước 1", "Bước 2", "Bước 3", "Bước 4", "Bước 5");
    }

    @Test
    void aGapThatNeverFillsIsParkedWithItsReasonAndReleasedWhenTheStepComes() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 3, 4));
        api.postEvent(TestEvents.event(code, 4, 9));

        await().atMost(DELIVERY).until(() -> api.parkedOf(code).size() == 2);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2);
        assertThat(api.parkedOf(code)).allSatisfy(p -> {
            assertThat(p.path("reasonCode").asText()).isEqualTo("portal.sequence.gap-timeout");
            assertThat(p.path("reason").asText()).startsWith("step 2 missing since ");
        });

        api.postEvent(TestEvents.event(code, 2, 4));

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 4);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4, 4, 9);
        assertThat(api.parkedOf(code)).isEmpty();
        assertThat(count("select count(*) from parked_message where dossier_code = ? and state = 'RELEASED'", code)).isEqualTo(2);
    }

    @Test
    void anAcceptedStepLostOnItsWayToTheQueueIsQueuedAgainByTheWatch() throws Exception {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 1);
        // Step 2 is in the ledger but never reached the portal queue (as in a crash between the two intake commits,
        // with a one-stop system that did not send it again).
        DossierEvent lost = json.readValue(TestEvents.event(code, 2, 4).toString(), DossierEvent.class);
        jdbc.update("insert into inbound_event (event_id, client, dossier_code, sequence, status, body_sha256, tracking_id, "
                        + "payload, flows, occurred_at, received_at) values (?,?,?,?,?,?,?,?,?,?,?)",
                lost.eventId(), "onestop:sandbox", code, 2, 4, "0".repeat(64), UUID.randomUUID().toString(),
                json.writeValueAsString(lost), ",portal,", lost.occurredAt(), OffsetDateTime.now(ZoneOffset.UTC));
        api.postEvent(TestEvents.event(code, 3, 9));

        // The watch finds step 3 waiting for step 2 past the gap timeout (3 s in tests), step 2 accepted: queued again.
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 3);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4, 9);
        assertThat(api.parkedOf(code)).isEmpty();
    }

    @Test
    void aRedeliveredOrRepeatedStepIsNotSentTwice() {
        String code = TestEvents.newDossierCode();
        List<ObjectNode> events = List.of(TestEvents.event(code, 1, 2), TestEvents.event(code, 2, 4), TestEvents.event(code, 3, 9));
        events.forEach(api::postEvent);
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 3);

        events.forEach(e -> assertThat(api.postEvent(e).body().path("repeated").asBoolean()).isTrue());
        // The broker delivering a message again (a duplicate id it no longer remembers, a replay) changes nothing.
        for (ObjectNode e : events) {
            producer.sendBodyAndHeaders(Queues.jms(Queues.PORTAL), jdbc.queryForObject("select payload from inbound_event "
                    + "where event_id = ?", String.class, e.path("eventId").asText()), Map.of(MessageHeaders.GROUP_ID, code,
                    MessageHeaders.DUPLICATE_ID, "redelivery-" + e.path("eventId").asText()));
        }
        api.postEvent(TestEvents.event(code, 4, 10));

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 4);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> PORTAL.progressStatuses(code).size() == 4);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4, 9, 10);
    }

    @Test
    void aDossierThePortalAlreadyKnowsIsUpdatedInsteadOfCreated() {
        String code = TestEvents.newDossierCode();
        PORTAL.preload(code, 1);
        api.postEvent(TestEvents.event(code, 1, 2));

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 1);
        assertThat(PORTAL.headerWrites(code)).isEqualTo(2);
        assertThat(PORTAL.headerStatus(code)).isEqualTo(2);
    }

    @Test
    void anExpiredPortalSessionIsRenewedMidFlow() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 1);
        long logins = PORTAL.logins();

        PORTAL.expireSessions();
        api.postEvent(TestEvents.event(code, 2, 4));

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 2);
        assertThat(PORTAL.logins()).isGreaterThan(logins);
        assertThat(api.parkedOf(code)).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedUntilThePortalAnswersAndNothingIsParked() {
        String code = TestEvents.newDossierCode();
        PORTAL.failNext(3, 503);
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 2, 4));

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 2);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4);
        assertThat(api.parkedOf(code)).isEmpty();
        assertThat(count("select count(*) from message_log where dossier_code = ? and outcome = 'FAILED'", code)).isGreaterThan(0);
    }

    @Test
    void aPortalThatKeepsFailingOpensTheBreakerTheQueueWaitsAndTheBacklogDrainsAfterwards() {
        PORTAL.outage(503);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String code = TestEvents.newDossierCode();
            codes.add(code);
            api.postEvent(TestEvents.event(code, 1, 2));
            api.postEvent(TestEvents.event(code, 2, 4));
        }
        await().atMost(DELIVERY).until(() -> camel.getRouteController().getRouteStatus(DELIVERY_ROUTE)
                == ServiceStatus.Suspended);

        PORTAL.endOutage();

        for (String code : codes) {
            await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 2);
            assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4);
            assertThat(api.parkedOf(code)).isEmpty();
        }
        await().atMost(DELIVERY).until(() -> breakers.of(PortalFlow.PEER).state().name().equals("CLOSED"));
        assertThat(camel.getRouteController().getRouteStatus(DELIVERY_ROUTE)).isEqualTo(ServiceStatus.Started);
    }

    /**
     * Steps claimed together go in one call; when the portal refuses the call for one dossier's step, it may already
     * have recorded its neighbours': each is sent again only if the portal lacks it, and only the refused one parks.
     */
    @Test
    void aStepRefusedInACallOfManyIsParkedAloneAndItsNeighboursReachThePortalOnce() throws Exception {
        List<String> codes = new ArrayList<>();
        List<List<ObjectNode>> dossiers = new ArrayList<>();
        for (int d = 0; d < 24; d++) {
            String code = TestEvents.newDossierCode();
            codes.add(code);
            dossiers.add(List.of(TestEvents.event(code, 1, 2), TestEvents.event(code, 2, 4), TestEvents.event(code, 3, 9)));
        }
        String refusedHeader = codes.get(5);
        String refusedStep = codes.get(17);
        PORTAL.refuseDossier(refusedHeader, "ChuHoSo không hợp lệ");
        PORTAL.refuseProgress(refusedStep, "NguoiXuLy không hợp lệ");
        // The first steps all wait behind a slow portal, so that the consumers claim them at the same moment.
        PORTAL.latency(Duration.ofMillis(300));
        try {
            SampleFeeder.Result result = new SampleFeeder(URI.create("http://127.0.0.1:" + port + "/api/v1/dossier-events"),
                    OnestopApi.ONESTOP_KEY).feed(dossiers, 8, 7);
            assertThat(result.accepted()).isEqualTo(72);
            await().atMost(DELIVERY).until(() -> api.parkedOf(refusedHeader).size() == 1 && api.parkedOf(refusedStep).size() == 1);
            for (String code : codes) {
                if (!code.equals(refusedHeader) && !code.equals(refusedStep)) {
                    await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 3);
                }
            }
        } finally {
            PORTAL.latency(Duration.ZERO);
        }
        for (String code : codes) {
            if (!code.equals(refusedHeader) && !code.equals(refusedStep)) {
                assertThat(PORTAL.progressStatuses(code)).as(code).containsExactly(2, 4, 9);
                assertThat(api.parkedOf(code)).isEmpty();
            }
        }
        assertThat(PORTAL.largestCall()).isGreaterThan(1);
        assertThat(api.parkedOf(refusedHeader).get(0).path("reason").asText()).contains("ChuHoSo không hợp lệ");
        assertThat(api.parkedOf(refusedStep).get(0).path("reason").asText()).contains("NguoiXuLy không hợp lệ");
        assertThat(PORTAL.progressStatuses(refusedHeader)).isEmpty();
        assertThat(PORTAL.progressStatuses(refusedStep)).isEmpty();
        // A call for many dossiers is in each one's log, and every chain is intact.
        assertThat(codes.stream().map(c -> api.operatorGet("/api/v1/dossiers/" + c).body().path("messageLog")).toList())
                .allMatch(log -> log.path("intact").asBoolean())
                .anyMatch(log -> log.path("entries").toString().contains("dossiers in one call"));
    }

    @Test
    void aRejectedStepIsParkedAtOnceWithThePortalsReasonAndCanBeReplayed() {
        String code = TestEvents.newDossierCode();
        PORTAL.refuseDossier(code, "TrichYeuHoSo chứa nội dung không hợp lệ");
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 2, 4));

        await().atMost(DELIVERY).until(() -> api.parkedOf(code).size() == 1);
        JsonNode parked = api.parkedOf(code).get(0);
        assertThat(parked.path("sequence").asInt()).isEqualTo(1);
        assertThat(parked.path("reasonCode").asText()).isEqualTo("portal.rejected");
        assertThat(parked.path("reason").asText()).contains("TrichYeuHoSo chứa nội dung không hợp lệ");
        assertThat(api.operatorGet("/api/v1/parked/" + parked.path("id").asLong()).body().path("payload").asText())
                .contains(code);
        await().atMost(DELIVERY).until(() -> count("select count(*) from peer_step where dossier_code = ? and state = 'HELD'", code) == 1);
        assertThat(PORTAL.progressStatuses(code)).isEmpty();

        PORTAL.acceptDossier(code);
        assertThat(api.operator("POST", "/api/v1/parked/" + parked.path("id").asLong() + "/replay").status()).isEqualTo(200);

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 2);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4);
        assertThat(api.operator("POST", "/api/v1/parked/" + parked.path("id").asLong() + "/replay").status()).isEqualTo(409);
    }

    @Test
    void aStatusThatCannotFollowIsParkedNeverSentAndMayBeDiscarded() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 2, 10));
        api.postEvent(TestEvents.event(code, 3, 4));

        await().atMost(DELIVERY).until(() -> api.parkedOf(code).size() == 1);
        JsonNode parked = api.parkedOf(code).get(0);
        assertThat(parked.path("reasonCode").asText()).isEqualTo("portal.sequence.invalid-transition");
        assertThat(parked.path("reason").asText()).contains("status 10").contains("cannot follow status 2");
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2);

        assertThat(api.operator("DELETE", "/api/v1/parked/" + parked.path("id").asLong() + "?comment=transition+refused+by+the+portal").status()).isEqualTo(200);

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 2);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4);
        JsonNode view = api.operatorGet("/api/v1/dossiers/" + code).body();
        assertThat(view.path("messageLog").path("intact").asBoolean()).isTrue();
        assertThat(view.path("parked").get(0).path("state").asText()).isEqualTo("DISCARDED");
    }

    @Test
    void thePortalDownloadsAttachmentsFromSignedLinksThatCannotBeForged() throws Exception {
        long before = PORTAL.downloadsOk();
        String code = TestEvents.newDossierCode();
        ObjectNode event = TestEvents.event(code, 1, 2);
        api.postEvent(event);
        await().atMost(DELIVERY).until(() -> PORTAL.downloadsOk() > before);

        String sha = event.path("dossier").path("attachments").get(0).path("sha256").asText();
        long expires = System.currentTimeMillis() / 1000 + 3600;
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/v1/attachments/" + sha + "?expires=" + expires + "&signature=" + "ab".repeat(32)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(PORTAL.downloadsFailed()).isZero();
    }

    @Test
    void theDossierViewShowsEveryPeerAndAnIntactMessageLog() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> api.operatorGet("/api/v1/dossiers/" + code).body()
                .path("peers").path(0).path("delivered_sequence").asInt() == 1);

        JsonNode view = api.operatorGet("/api/v1/dossiers/" + code).body();
        assertThat(view.path("steps").get(0).path("state").asText()).isEqualTo("DELIVERED");
        assertThat(view.path("messageLog").path("intact").asBoolean()).isTrue();
        assertThat(view.path("messageLog").path("entries").size()).isGreaterThanOrEqualTo(4);

        jdbc.update("update message_log set outcome = 'OK' where dossier_code = ? and position = 2", code);
        jdbc.update("update message_log set detail = 'edited' where dossier_code = ? and position = 1", code);
        JsonNode tampered = api.operatorGet("/api/v1/dossiers/" + code).body();
        assertThat(tampered.path("messageLog").path("intact").asBoolean()).isFalse();
        assertThat(tampered.path("messageLog").path("brokenAt").asInt()).isEqualTo(1);
    }

}
