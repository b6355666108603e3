package vn.gov.lgsp.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
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
import vn.gov.lgsp.sandbox.SandboxPortal;
import vn.gov.lgsp.support.FaultScale;
import vn.gov.lgsp.support.OnestopApi;

/**
 * The packaged middleware, in a JVM of its own, is killed (SIGKILL) several times while one-stop systems keep
 * sending, and restarted on the same data dir each time; the one-stop software's callback receiver is down for the
 * first crashes. At the end every accepted event has reached the portal exactly once, in order per dossier, every
 * step the portal took was told back once (one callback per step, in order, HMAC checked by the receiver), and
 * nothing is parked. Long variant: 300 dossiers, ten crashes.
 */
class CrashRecoveryIT {

    private static final Path JAR = Path.of("target", "lgsp.jar");

    private SandboxPortal portal;
    private SandboxCallbackReceiver onestop;
    private Process middleware;

    @AfterEach
    void stop() {
        if (middleware != null) {
            middleware.destroyForcibly();
        }
        if (portal != null) {
            portal.close();
        }
        if (onestop != null) {
            onestop.close();
        }
    }

    @Test
    void killingTheMiddlewareMidFlowLosesNothingAndDuplicatesNothing() throws Exception {
        assertThat(JAR).as("the packaged application (mvn package runs before the integration tests)").exists();
        portal = SandboxPortal.start(0, "sandbox", "sandbox", "000.00.00.H56");
        onestop = SandboxCallbackReceiver.start(0, OnestopApi.ONESTOP_KEY);
        onestop.outage(503);
        Path dataDir = Files.createTempDirectory("lgsp-crash-");
        int port = freePort();
        List<List<ObjectNode>> dossiers = new SampleDossiers(7, LocalDate.of(2026, 11, 4)).dossiers(FaultScale.pick(60, 300));
        int total = dossiers.stream().mapToInt(List::size).sum();

        middleware = start(dataDir, port);
        awaitHealthy(port);

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
            awaitHealthy(port);
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

        await().atMost(Duration.ofMinutes(FaultScale.pick(2, 10))).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(onestop.acknowledged()).as("callbacks acknowledged").isGreaterThanOrEqualTo(total));
        for (List<ObjectNode> events : dossiers) {
            String code = events.get(0).path("dossier").path("code").asText();
            assertThat(onestop.of(code)).as(code).extracting(c -> c.data().path("sequence").asInt())
                    .containsExactlyElementsOf(events.stream().map(e -> e.path("sequence").asInt()).toList());
        }
        assertThat(onestop.acknowledged()).isEqualTo(total);
        assertThat(onestop.badSignatures()).isZero();
        assertThat(onestop.outOfOrder()).isZero();
        var parked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/parked")).header("X-API-Key", OnestopApi.OPERATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(parked.body()).isEqualTo("[]");
    }

    private Process start(Path dataDir, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-jar", JAR.toString(),
                "--server.port=" + port,
                "--app.data-dir=" + dataDir,
                "--app.sandbox.enabled=false",
                "--app.peers.portal.base-url=" + portal.baseUrl(),
                "--app.onestop.clients.sandbox.callback-url=" + onestop.url(),
                "--app.flows.portal-sync.retry.initial-delay=100ms",
                "--app.flows.portal-sync.retry.max-delay=1s",
                "--app.flows.callbacks.retry.initial-delay=100ms",
                "--app.flows.callbacks.retry.max-delay=1s",
                "--app.flows.callbacks.circuit-breaker.open-for=2s")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/crash-recovery-middleware.log")))
                .start();
    }

    private static void awaitHealthy(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
