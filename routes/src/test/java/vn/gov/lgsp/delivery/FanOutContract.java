package vn.gov.lgsp.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.ledger.PeerSteps;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.TestEvents;

/**
 * Fan-out at the broker. Besides the portal, this middleware gets a second flow fed by dossier events, written the
 * way a new peer is added (one {@link DossierEventFlow} and its {@link FlowDefinition}, nothing shared touched): an archive
 * on loopback that keeps only the steps where a dossier is received (2) or processed (9), so it sees some of each
 * dossier's steps and passes over the others. Run once per database (see the subclasses).
 */
@TestPropertySource(properties = {
    "app.flows.archive.gap-timeout=3s",
    "app.flows.archive.gap-check-interval=1s",
    "app.flows.archive.max-attempts=1000",
    "app.flows.archive.retry.initial-delay=100ms",
    "app.flows.archive.retry.max-delay=1s",
    "app.flows.archive.circuit-breaker.minimum-calls=5",
    "app.flows.archive.circuit-breaker.sliding-window=10",
    "app.flows.archive.circuit-breaker.open-for=2s"})
@Import(FanOutContract.ArchiveFlowConfiguration.class)
abstract class FanOutContract extends MiddlewareTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Archive ARCHIVE = Archive.start();

    @Autowired
    private EmbeddedActiveMQ broker;
    @Autowired
    private MeterRegistry meters;

    @BeforeEach
    void archiveIsUp() {
        ARCHIVE.down = false;
    }

    @Test
    void oneEventConcerningTwoFlowsIsPublishedOnceFromOneIntakeCommitAndReachesBoth() {
        String code = TestEvents.newDossierCode();
        long published = routedAt(Queues.DOSSIER_EVENTS);
        long commits = intakeCommits();

        assertThat(api.postEvent(TestEvents.event(code, 1, 2)).status()).isEqualTo(202);

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 1 && ARCHIVE.of(code).size() == 1);
        assertThat(routedAt(Queues.DOSSIER_EVENTS)).isEqualTo(published + 1);
        assertThat(intakeCommits()).isEqualTo(commits + 1);
        assertThat(jdbc.queryForObject("select flows from inbound_event where dossier_code = ?", String.class, code))
                .isEqualTo(",portal,archive,");
        assertThat(ARCHIVE.of(code)).containsExactly(1);
    }

    @Test
    void aFlowGetsOnlyTheStepsThatConcernItInOrderEvenWhenTheyArriveReversed() {
        String code = TestEvents.newDossierCode();
        int[] statuses = {2, 4, 4, 9, 10};
        for (int sequence = statuses.length; sequence >= 1; sequence--) {
            api.postEvent(TestEvents.event(code, sequence, statuses[sequence - 1]));
        }

        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 5 && ARCHIVE.of(code).size() == 2);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4, 4, 9, 10);
        assertThat(ARCHIVE.of(code)).containsExactly(1, 4);
        assertThat(jdbc.queryForObject("select flows from inbound_event where dossier_code = ? and sequence = 2",
                String.class, code)).isEqualTo(",portal,");
    }

    @Test
    void aLateStepThatDoesNotConcernAFlowLetsTheFlowsNextStepGo() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 3, 9));
        await().atMost(DELIVERY).until(() -> ARCHIVE.of(code).size() == 1);
        await().atMost(DELIVERY).until(() -> count("select count(*) from peer_step where peer = 'archive' "
                + "and dossier_code = ? and state = 'HELD'", code) == 1);

        api.postEvent(TestEvents.event(code, 2, 4));

        await().atMost(DELIVERY).until(() -> ARCHIVE.of(code).size() == 2);
        assertThat(ARCHIVE.of(code)).containsExactly(1, 3);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4, 9);
        assertThat(count("select count(*) from parked_message where dossier_code = ?", code)).isZero();
    }

    @Test
    void aPeerThatIsDownHoldsOnlyItsOwnFlow() {
        ARCHIVE.down = true;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String code = TestEvents.newDossierCode();
            codes.add(code);
            api.postEvent(TestEvents.event(code, 1, 2));
            api.postEvent(TestEvents.event(code, 2, 4));
            api.postEvent(TestEvents.event(code, 3, 9));
        }

        for (String code : codes) {
            await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 3);
            await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 3);
        }
        assertThat(codes).allSatisfy(code -> assertThat(ARCHIVE.of(code)).isEmpty());

        ARCHIVE.down = false;

        for (String code : codes) {
            await().atMost(DELIVERY).until(() -> ARCHIVE.of(code).size() == 2);
            assertThat(ARCHIVE.of(code)).containsExactly(1, 3);
            assertThat(count("select count(*) from parked_message where dossier_code = ?", code)).isZero();
        }
    }

    private long routedAt(String address) {
        return broker.getActiveMQServer().getPostOffice().getAddressInfo(SimpleString.of(address)).getRoutedMessageCount();
    }

    /** Intake commits so far: each records and publishes a batch of events. */
    private long intakeCommits() {
        return meters.get("lgsp.intake.batch.size").summary().count();
    }

    /** The archive flow: only what is particular to its peer. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ArchiveFlowConfiguration {

        @Bean("archiveFlowDefinition")
        FlowDefinition archiveFlowDefinition(Environment environment) {
            return new FlowDefinition("archive", "archive", "dossier.status.archive", true,
                    FlowProperties.bind(environment, "archive"));
        }

        @Bean
        DossierEventFlow archiveFlow(@Qualifier("archiveFlowDefinition") FlowDefinition definition,
                                           PeerBreakers breakers) {
            return new ArchiveFlow(definition, breakers.of("archive"));
        }
    }

    record ArchiveFlow(FlowDefinition definition, PeerBreaker breaker) implements DossierEventFlow {

        private static final Set<Integer> KEPT = Set.of(2, 9);
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        @Override
        public boolean concerns(DossierEvent event) {
            return KEPT.contains(event.status().code());
        }

        @Override
        public boolean concernsEveryStep() {
            return false;
        }

        @Override
        public void deliver(DossierEvent event, PeerSteps.NextStep position, boolean peerMayHaveIt) {
            breaker.call(false, () -> {
                try {
                    int status = HTTP.send(HttpRequest.newBuilder(ARCHIVE.url()).POST(HttpRequest.BodyPublishers.ofString(
                            event.dossierCode() + ":" + event.sequence())).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status != 204) {
                        throw new PeerTransientException("archive.unavailable", "archive answered " + status);
                    }
                    return null;
                } catch (IOException e) {
                    throw new PeerTransientException("archive.unreachable", e.toString(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PeerTransientException("archive.interrupted", e.toString(), e);
                }
            });
        }
    }

    /** The archive's server: keeps {@code code:sequence} posts in arrival order; answers 503 while down. */
    static final class Archive {
        private final HttpServer server;
        private final Map<String, List<Integer>> kept = new ConcurrentHashMap<>();
        volatile boolean down;

        private Archive(HttpServer server) {
            this.server = server;
        }

        static Archive start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
                Archive archive = new Archive(server);
                server.createContext("/archive", ex -> {
                    try (ex; InputStream in = ex.getRequestBody()) {
                        String[] step = new String(in.readAllBytes(), StandardCharsets.UTF_8).split(":");
                        if (archive.down) {
                            ex.sendResponseHeaders(503, -1);
                            return;
                        }
                        List<Integer> list = archive.kept.computeIfAbsent(step[0], c -> new ArrayList<>());
                        synchronized (list) {
                            list.add(Integer.parseInt(step[1]));
                        }
                        ex.sendResponseHeaders(204, -1);
                    }
                });
                server.start();
                return archive;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/archive");
        }

        List<Integer> of(String code) {
            List<Integer> list = kept.get(code);
            if (list == null) {
                return List.of();
            }
            synchronized (list) {
                return List.copyOf(list);
            }
        }
    }
}
