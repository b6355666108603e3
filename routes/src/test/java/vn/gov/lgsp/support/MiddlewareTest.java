package vn.gov.lgsp.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
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
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.sandbox.SandboxConfiguration;
import vn.gov.lgsp.sandbox.SandboxMinistries;
import vn.gov.lgsp.sandbox.SandboxPaymentPlatform;
import vn.gov.lgsp.sandbox.SandboxPortal;
import vn.gov.lgsp.sandbox.SandboxPostalOperator;

/**
 * The whole middleware on a random port, with its embedded Artemis and database in a fresh data dir, talking
 * to a sandbox portal, one-stop callback receiver, postal operator, payment platform and ministries on loopback. Peers are
 * redirected by properties, nothing is mocked. Timings are short so that gaps, retries and the circuit breakers show within seconds.
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
    "app.flows.postal.gap-timeout=3s",
    "app.flows.postal.gap-check-interval=1s",
    "app.flows.postal.max-attempts=1000",
    "app.flows.postal.retry.initial-delay=100ms",
    "app.flows.postal.retry.max-delay=1s",
    "app.flows.postal.circuit-breaker.minimum-calls=10",
    "app.flows.postal.circuit-breaker.sliding-window=20",
    "app.flows.postal.circuit-breaker.open-for=2s",
    "app.flows.postal.agency-addresses=../config/agency-addresses.yml",
    "app.flows.ministries.chains=../config/ministry-chains.yml",
    "app.flows.ministries.gap-timeout=3s",
    "app.flows.ministries.gap-check-interval=1s",
    "app.flows.ministries.max-attempts=1000",
    "app.flows.ministries.retry.initial-delay=100ms",
    "app.flows.ministries.retry.max-delay=1s",
    "app.flows.ministries.circuit-breaker.minimum-calls=10",
    "app.flows.ministries.circuit-breaker.sliding-window=20",
    "app.flows.ministries.circuit-breaker.open-for=2s",
    "app.signatures.signing.password=" + MiddlewareTest.PKI_PASSWORD,
    "app.signatures.signing.alias=" + MiddlewareTest.PROVINCE,
    "app.peers.postal.client-id=" + MiddlewareTest.POSTAL_CLIENT,
    "app.peers.postal.client-secret=" + MiddlewareTest.POSTAL_SECRET,
    "app.peers.postal.customer-code=" + MiddlewareTest.POSTAL_CUSTOMER,
    "app.peers.postal.hmac-key=" + MiddlewareTest.POSTAL_HMAC_KEY,
    "app.flows.payment.gap-timeout=3s",
    "app.flows.payment.gap-check-interval=1s",
    "app.flows.payment.max-attempts=1000",
    "app.flows.payment.retry.initial-delay=100ms",
    "app.flows.payment.retry.max-delay=1s",
    "app.flows.payment.circuit-breaker.minimum-calls=10",
    "app.flows.payment.circuit-breaker.sliding-window=20",
    "app.flows.payment.circuit-breaker.open-for=2s",
    "app.peers.payment.partner-code=" + MiddlewareTest.PAYMENT_PARTNER,
    "app.peers.payment.secret=" + MiddlewareTest.PAYMENT_SECRET,
    "app.peers.payment.qr.bank-bin=970415",
    "app.peers.payment.qr.account=113366668888",
    "app.onestop.callback-timeout=2s",
    "app.peers.portal.request-timeout=5s"})
public abstract class MiddlewareTest {

    protected static final SandboxPortal PORTAL;
    protected static final SandboxCallbackReceiver ONESTOP;
    protected static final String POSTAL_CLIENT = "test-lgsp";
    protected static final String POSTAL_SECRET = "test-postal-secret";
    protected static final String POSTAL_CUSTOMER = "KH56TEST";
    protected static final String POSTAL_HMAC_KEY = "test-postal-hmac-key";
    /** The postal operator; shipments move one status every 300 ms. */
    protected static final SandboxPostalOperator POST;
    protected static final String PAYMENT_PARTNER = "TEST-H56";
    protected static final String PAYMENT_SECRET = "test-payment-secret";
    /** The payment platform; the citizen pays 300 ms after the request. */
    protected static final SandboxPaymentPlatform PAYMENTS;
    protected static final String PKI_PASSWORD = "test-pki";
    protected static final String PROVINCE = "000.00.00.H56";
    /** The sandbox PKI: the province signs with its key, ministries with theirs; its root is the trust anchor. */
    protected static final SandboxPki PKI;
    /** The ministries of the reference chains (G12, G10, G20); each answers a status every 300 ms, then its result. */
    protected static final SandboxMinistries MINISTRIES;
    protected static final List<String> MINISTRY_AGENCIES = PackagedMiddleware.MINISTRY_AGENCIES;
    private static final Path DATA_DIR;
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    static {
        try {
            PORTAL = SandboxPortal.start(0, "sandbox", "sandbox", "000.00.00.H56");
            ONESTOP = SandboxCallbackReceiver.start(0, OnestopApi.ONESTOP_KEY);
            POST = SandboxPostalOperator.start(0, POSTAL_CLIENT, POSTAL_SECRET, POSTAL_CUSTOMER, POSTAL_HMAC_KEY,
                    Duration.ofMillis(300));
            PAYMENTS = SandboxPaymentPlatform.start(0, PAYMENT_PARTNER, PAYMENT_SECRET, Duration.ofMillis(300));
            DATA_DIR = Files.createTempDirectory("lgsp-test-");
            PKI = SandboxPki.openOrCreate(DATA_DIR.resolve("pki"), 0, PKI_PASSWORD.toCharArray());
            MINISTRIES = SandboxMinistries.start(0, SandboxConfiguration.sandboxMinistries(PKI, MINISTRY_AGENCIES), PKI.rootCertificate(), PROVINCE,
                    Duration.ofMillis(300));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
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
        registry.add("app.peers.postal.base-url", () -> POST.baseUrl().toString());
        registry.add("app.peers.payment.base-url", () -> PAYMENTS.baseUrl().toString());
        registry.add("app.data-dir", dataDir::toString);
        registry.add("app.signatures.trust-dirs", () -> PKI.trustFolder().toString());
        registry.add("app.signatures.signing.keystore", () -> PKI.keystore().toString());
        MINISTRY_AGENCIES.forEach(agency -> registry.add("app.peers.ministries[" + agency + "].endpoint",
                () -> MINISTRIES.endpointOf(agency).toString()));
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
        POST.reset();
        POST.pushTo(URI.create("http://127.0.0.1:" + port + "/api/v1/postal/tracking"));
        PAYMENTS.reset();
        PAYMENTS.confirmTo(URI.create("http://127.0.0.1:" + port + "/api/v1/payments/confirm"));
        MINISTRIES.reset();
        MINISTRIES.replyTo(URI.create("http://127.0.0.1:" + port + "/services/inter-agency"));
    }

    /**
     * Sends a birth dossier received and waits until the chain's first package reached the first ministry, which
     * holds its result back; returns that package's message id, for replies a test sends itself.
     */
    protected String firstPackageSentFor(String code) {
        MINISTRIES.holdResultOf(code);
        api.postEvent(TestEvents.birthEvent(code, 1, 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from ministry_package where dossier_code = ? "
                + "and receipt_id is not null", code) == 1);
        return jdbc.queryForObject("select message_id from ministry_package where dossier_code = ?", String.class, code);
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
