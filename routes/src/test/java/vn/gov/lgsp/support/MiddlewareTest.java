package vn.gov.lgsp.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.sandbox.SandboxPortal;

/**
 * The whole middleware on a random port, with its embedded Artemis and database in a fresh data dir, talking
 * to a sandbox portal and a sandbox one-stop callback receiver on loopback. Peers are redirected by properties,
 * nothing is mocked. Timings are short so that gaps, retries and the circuit breakers show within seconds.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "app.sandbox.enabled=false",
    "app.onestop.max-body-size=2MB",
    "app.flows.portal-sync.consumers=4",
    "app.flows.portal-sync.gap-timeout=3s",
    "app.flows.portal-sync.gap-check-interval=1s",
    "app.flows.portal-sync.max-attempts=1000",
    "app.flows.portal-sync.retry.initial-delay=100ms",
    "app.flows.portal-sync.retry.max-delay=1s",
    "app.flows.portal-sync.circuit-breaker.minimum-calls=10",
    "app.flows.portal-sync.circuit-breaker.sliding-window=20",
    "app.flows.portal-sync.circuit-breaker.open-for=2s",
    "app.flows.callbacks.gap-timeout=3s",
    "app.flows.callbacks.gap-check-interval=1s",
    "app.flows.callbacks.max-attempts=1000",
    "app.flows.callbacks.retry.initial-delay=100ms",
    "app.flows.callbacks.retry.max-delay=1s",
    "app.flows.callbacks.circuit-breaker.minimum-calls=10",
    "app.flows.callbacks.circuit-breaker.sliding-window=20",
    "app.flows.callbacks.circuit-breaker.open-for=2s",
    "app.onestop.callback-timeout=2s",
    "app.peers.portal.request-timeout=5s"})
public abstract class MiddlewareTest {

    protected static final SandboxPortal PORTAL;
    protected static final SandboxCallbackReceiver ONESTOP;
    private static final Path DATA_DIR;
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    static {
        try {
            PORTAL = SandboxPortal.start(0, "sandbox", "sandbox", "000.00.00.H56");
            ONESTOP = SandboxCallbackReceiver.start(0, OnestopApi.ONESTOP_KEY);
            DATA_DIR = Files.createTempDirectory("lgsp-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected OnestopApi api;

    @Value("${app.data-dir}")
    protected Path dataDir;

    /** Called once per application context: each gets a data dir (broker journal, database) of its own. */
    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        Path dataDir = DATA_DIR.resolve("context-" + CONTEXTS.incrementAndGet());
        registry.add("app.peers.portal.base-url", () -> PORTAL.baseUrl().toString());
        registry.add("app.onestop.clients.sandbox.callback-url", () -> ONESTOP.url().toString());
        registry.add("app.data-dir", dataDir::toString);
    }

    @BeforeEach
    void portalBehavesNormally() {
        api = new OnestopApi(port);
        PORTAL.endOutage();
        PORTAL.failNext(0, 503);
        PORTAL.latency(Duration.ZERO);
        PORTAL.flaky(0, 0, 0);
        ONESTOP.endOutage();
        ONESTOP.failNext(0, 500);
        ONESTOP.dropNext(0);
        ONESTOP.latency(Duration.ZERO);
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
