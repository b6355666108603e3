package vn.gov.lgsp.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.sandbox.SampleDossiers;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.sandbox.SandboxPaymentPlatform;
import vn.gov.lgsp.sandbox.SandboxPortal;
import vn.gov.lgsp.sandbox.SandboxMinistries;
import vn.gov.lgsp.sandbox.SandboxPostalOperator;
import vn.gov.lgsp.support.FaultScale;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.PackagedMiddleware;

/**
 * The packaged middleware, in a JVM of its own, is killed (SIGKILL) several times while one-stop systems keep
 * sending, and restarted on the same data dir each time; the one-stop software's callback receiver is down for the
 * first crashes. At the end every accepted event has reached the portal exactly once, in order per dossier, every
 * step the portal took was told back once (one callback per step, in order, HMAC checked by the receiver), the
 * post got exactly one order per dossier and service type however the crashes fell between an order and its
 * tracking, every shipment's statuses were told back at most once, in order, up to its delivery (pushed, or
 * pulled when the pushes failed while the middleware was down), every dossier owing fees online was requested to
 * pay once and its payment confirmed once (notified, or found by QUERY when the notification came while the
 * middleware was down), and nothing is parked. Long variant: 300 dossiers, ten crashes.
 */
class CrashRecoveryIT {

    private PackagedMiddleware peers;
    private Process middleware;

    @AfterEach
    void stop() {
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    void killingTheMiddlewareMidFlowLosesNothingAndDuplicatesNothing() throws Exception {
        assertThat(PackagedMiddleware.JAR).as("the packaged application (mvn package runs before the integration tests)")
                .exists();
        peers = new PackagedMiddleware();
        SandboxPortal portal = peers.portal;
        SandboxCallbackReceiver onestop = peers.onestop;
        SandboxPostalOperator post = peers.post;
        SandboxPaymentPlatform platform = peers.platform;
        onestop.outage(503);
        Path dataDir = Files.createTempDirectory("lgsp-crash-");
        int port = PackagedMiddleware.freePort();
        peers.partnersCall(port);
        List<List<ObjectNode>> dossiers = new SampleDossiers(7, LocalDate.of(2026, 11, 4)).dossiers(FaultScale.pick(60, 300));
        int total = dossiers.stream().mapToInt(List::size).sum();

        middleware = start(dataDir, port);
        PackagedMiddleware.awaitHealthy(port);

        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (List<ObjectNode> events : dossiers) {
            // Each dossier's steps in order from one sender, dossiers interleaved across senders.
            sent.add(senders.submit(() -> events.forEach(e -> sendUntilAccepted(port, e))));
        }
        senders.shutdown();

        Random random = new Random(11);
        int crashes = FaultScale.pick(3, 10);
        for (int crash = 1; crash <= crashes; crash++) {
            Thread.sleep(1500 + random.nextInt(2500));
            middleware.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (crash == crashes - 1) {
                onestop.endOutage();
            }
            middleware = start(dataDir, port);
            PackagedMiddleware.awaitHealthy(port);
        }
        for (Future<?> f : sent) {
            f.get(FaultScale.pick(5, 20), TimeUnit.MINUTES);
        }

        await().atMost(Duration.ofMinutes(FaultScale.pick(2, 10))).pollInterval(Duration.ofMillis(500))
                .until(() -> portal.progressCount() >= total);
        Thread.sleep(1000);
        for (List<ObjectNode> events : dossiers) {
            String code = events.get(0).path("dossier").path("code").asText();
            assertThat(portal.progressStatuses(code)).as(code)
                    .containsExactlyElementsOf(events.stream().map(e -> e.path("status").asInt()).toList());
        }
        assertThat(portal.progressCount()).isEqualTo(total);
        assertThat(portal.refusals()).isZero();

        List<SandboxPostalOperator.Shipment> shipments = new ArrayList<>();
        for (List<ObjectNode> events : dossiers) {
            JsonNode dossier = events.get(0).path("dossier");
            String code = dossier.path("code").asText();
            boolean sentByPost = dossier.path("channel").asText().equals("POSTAL");
            boolean resultByPost = dossier.path("resultDelivery").asText().equals("POSTAL")
                    && events.stream().anyMatch(e -> e.path("status").asInt() == 9);
            await().atMost(Duration.ofMinutes(1)).until(() -> post.shipmentsOf(code, "SEND_DOSSIER").size() == (sentByPost ? 1 : 0)
                    && post.shipmentsOf(code, "RETURN_RESULT").size() == (resultByPost ? 1 : 0));
            shipments.addAll(post.shipmentsOf(code, "SEND_DOSSIER"));
            shipments.addAll(post.shipmentsOf(code, "RETURN_RESULT"));
        }
        // Every shipment ends (delivered); what the pushes missed while we were down is pulled.
        await().atMost(Duration.ofMinutes(FaultScale.pick(2, 10))).pollInterval(Duration.ofMillis(500)).until(() ->
                shipments.stream().allMatch(s -> trackingOf(s.orderNumber(), s.itemCode()).contains(4)));
        assertThat(shipments).as("the sample has dossiers sent or returned by post").isNotEmpty();
        int postalCallbacks = 0;
        for (SandboxPostalOperator.Shipment shipment : shipments) {
            // Statuses only move forward: one pushed while we were down and overtaken by a later one is not told.
            List<Integer> told = trackingOf(shipment.orderNumber(), shipment.itemCode());
            assertThat(told).as(shipment.itemCode()).isSubsetOf(shipment.history().stream()
                    .map(SandboxPostalOperator.Status::code).toList()).isSorted().doesNotHaveDuplicates().endsWith(4);
            assertThat(onestop.of(shipment.orderNumber())).filteredOn(c -> c.kind().equals("POSTAL_ORDER")
                    && c.data().path("itemCode").asText().equals(shipment.itemCode())).hasSize(1);
            postalCallbacks += 1 + told.size();
        }
        // Every dossier that owes fees online was requested to pay once, paid, and both told back once.
        int paymentCallbacks = 0;
        for (List<ObjectNode> events : dossiers) {
            JsonNode dossier = events.get(0).path("dossier");
            String code = dossier.path("code").asText();
            boolean owes = dossier.path("fees").size() > 0 && events.stream().anyMatch(e -> e.path("status").asInt() == 6
                    || (e.path("status").asInt() == 2 && dossier.path("channel").asText().equals("ONLINE")));
            assertThat(platform.paymentsOf(code)).as(code + " payment requests").hasSize(owes ? 1 : 0);
            if (owes) {
                await().atMost(Duration.ofMinutes(1)).until(() -> onestop.of(code).stream()
                        .anyMatch(c -> c.kind().equals("PAYMENT_CONFIRMED")));
                assertThat(onestop.of(code)).filteredOn(c -> c.kind().startsWith("PAYMENT_")).extracting(c -> c.kind())
                        .containsExactly("PAYMENT_REQUESTED", "PAYMENT_CONFIRMED");
                paymentCallbacks += 2;
            }
        }
        // Every inter-agency chain ends (completed, or stopped by the dossier's own status), each ministry got at
        // most one package per dossier (a retry carries the same message id and bytes: the sandbox ministries
        // report any other bytes under a known id), and every receipt, status and result was told once.
        SandboxMinistries ministries = peers.ministries;
        int ministryCallbacks = 0;
        for (List<ObjectNode> events : dossiers) {
            String code = events.get(0).path("dossier").path("code").asText();
            String procedure = events.get(0).path("dossier").path("procedureCode").asText();
            if (!(procedure.startsWith("1.001193") || procedure.startsWith("1.011537"))
                    || events.stream().noneMatch(e -> e.path("status").asInt() == 2)) {
                continue;
            }
            await().atMost(Duration.ofMinutes(FaultScale.pick(2, 10))).pollInterval(Duration.ofMillis(500))
                    .until(() -> !chainState(port, code).equals("RUNNING"));
            List<SandboxMinistries.Accepted> accepted = ministries.acceptedFor(code);
            assertThat(accepted).as(code).extracting(SandboxMinistries.Accepted::agency).doesNotHaveDuplicates();
            if (chainState(port, code).equals("COMPLETED")) {
                assertThat(accepted).extracting(SandboxMinistries.Accepted::agency)
                        .containsExactly("000.00.00.G12", "000.00.00.G10", "000.00.00.G20");
            }
            // Each package a ministry took: its receipt, two statuses and its result.
            ministryCallbacks += 4 * accepted.size();
        }
        assertThat(ministries.problems()).isEmpty();
        int expected = total + postalCallbacks + paymentCallbacks + ministryCallbacks;
        await().atMost(Duration.ofMinutes(FaultScale.pick(2, 10))).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(onestop.acknowledged()).as("callbacks acknowledged").isGreaterThanOrEqualTo(expected));
        for (List<ObjectNode> events : dossiers) {
            String code = events.get(0).path("dossier").path("code").asText();
            assertThat(onestop.of(code)).as(code).filteredOn(c -> c.kind().equals("PORTAL_SYNCED"))
                    .extracting(c -> c.data().path("sequence").asInt())
                    .containsExactlyElementsOf(events.stream().map(e -> e.path("sequence").asInt()).toList());
        }
        assertThat(onestop.acknowledged()).isEqualTo(expected);
        assertThat(post.orders()).as("one order per dossier and service type").isEqualTo(shipments.size());
        assertThat(onestop.badSignatures()).isZero();
        assertThat(onestop.outOfOrder()).isZero();
        var parked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/parked")).header("X-API-Key", OnestopApi.OPERATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(parked.body()).isEqualTo("[]");
    }

    private Process start(Path dataDir, int port) throws IOException {
        return peers.start(dataDir, port, "crash-recovery-middleware.log",
                "--app.flows.callbacks.circuit-breaker.open-for=2s",
                "--app.flows.callbacks.gap-timeout=5s",
                "--app.flows.callbacks.gap-check-interval=1s",
                "--app.flows.postal.pull-after=3s",
                "--app.flows.postal.pull-interval=1s",
                "--app.flows.payment.query-after=3s",
                "--app.flows.payment.query-interval=1s");
    }

    private static String chainState(int port, String code) throws Exception {
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/dossiers/" + code)).header("X-API-Key", OnestopApi.OPERATOR_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("ministries").path("state")
                .asText("NONE");
    }

    /** The tracking statuses of the shipment the one-stop software heard of, in order. */
    private List<Integer> trackingOf(String code, String itemCode) {
        return peers.onestop.of(code).stream().filter(c -> c.kind().equals("POSTAL_TRACKING")
                && c.data().path("itemCode").asText().equals(itemCode)).map(c -> c.data().path("statusCode").asInt()).toList();
    }

    /** A one-stop system resends until it hears 202: a refused connection or a 5xx while we are down is retried. */
    private static void sendUntilAccepted(int port, ObjectNode event) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/api/v1/dossier-events")).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("X-API-Key", OnestopApi.ONESTOP_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    return;
                }
                if (r.statusCode() < 500) {
                    throw new AssertionError("event refused: " + r.statusCode() + " " + r.body());
                }
            } catch (IOException retry) {
                // the middleware is down: try again shortly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("event never accepted: " + event.path("eventId").asText());
    }
}
