package vn.gov.lgsp.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.sandbox.SandboxConfiguration;
import vn.gov.lgsp.sandbox.SandboxMinistries;
import vn.gov.lgsp.sandbox.SandboxPaymentPlatform;
import vn.gov.lgsp.sandbox.SandboxPortal;
import vn.gov.lgsp.sandbox.SandboxPostalOperator;

/**
 * The packaged middleware ({@code target/lgsp.jar}) in JVMs of its own, as a node is run in production, with the
 * sandbox peers on loopback: the tests that kill nodes or run two of them. Every node started here talks to the same
 * peers; {@link #close()} stops the peers and any node still running.
 */
public final class PackagedMiddleware implements AutoCloseable {

    public static final Path JAR = Path.of("target", "lgsp.jar");
    private static final String POSTAL_HMAC_KEY = "packaged-postal-hmac-key";
    private static final String PAYMENT_PARTNER = "PACKAGED-H56";
    private static final String PAYMENT_SECRET = "packaged-payment-secret";
    private static final String PKI_PASSWORD = "packaged-pki";
    private static final String PROVINCE = "000.00.00.H56";
    /** The ministries of the reference chains, each a sandbox ministry with its own key. */
    public static final List<String> MINISTRY_AGENCIES = List.of("000.00.00.G12", "000.00.00.G10", "000.00.00.G20");

    public final SandboxPortal portal;
    public final SandboxCallbackReceiver onestop;
    public final SandboxPostalOperator post;
    public final SandboxPaymentPlatform platform;
    public final SandboxPki pki;
    public final SandboxMinistries ministries;
    private final List<Process> nodes = new ArrayList<>();

    public PackagedMiddleware() throws IOException {
        portal = SandboxPortal.start(0, "sandbox", "sandbox", "000.00.00.H56");
        onestop = SandboxCallbackReceiver.start(0, OnestopApi.ONESTOP_KEY);
        post = SandboxPostalOperator.start(0, "packaged-lgsp", "packaged-postal-secret", "KH56PACKAGED", POSTAL_HMAC_KEY,
                Duration.ofMillis(500));
        platform = SandboxPaymentPlatform.start(0, PAYMENT_PARTNER, PAYMENT_SECRET, Duration.ofMillis(500));
        try {
            pki = SandboxPki.openOrCreate(Files.createTempDirectory("lgsp-packaged-pki-"), 0, PKI_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        ministries = SandboxMinistries.start(0, SandboxConfiguration.sandboxMinistries(pki, MINISTRY_AGENCIES),
                pki.rootCertificate(), PROVINCE, Duration.ofMillis(500));
    }

    /** The peers report to the node on {@code port} (a partner knows one address: a load balancer in production). */
    public void partnersCall(int port) {
        post.pushTo(URI.create("http://127.0.0.1:" + port + "/api/v1/postal/tracking"));
        platform.confirmTo(URI.create("http://127.0.0.1:" + port + "/api/v1/payments/confirm"));
        ministries.replyTo(URI.create("http://127.0.0.1:" + port + "/services/inter-agency"));
    }

    /** Starts a node on {@code port} with {@code dataDir}, retries within a second or two, and {@code settings}. */
    public Process start(Path dataDir, int port, String log, String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString(),
                "--server.port=" + port,
                "--app.data-dir=" + dataDir,
                "--app.sandbox.enabled=false",
                "--app.peers.portal.base-url=" + portal.baseUrl(),
                "--app.onestop.clients.sandbox.callback-url=" + onestop.url(),
                "--app.peers.postal.base-url=" + post.baseUrl(),
                "--app.peers.postal.client-id=packaged-lgsp",
                "--app.peers.postal.client-secret=packaged-postal-secret",
                "--app.peers.postal.customer-code=KH56PACKAGED",
                "--app.peers.postal.hmac-key=" + POSTAL_HMAC_KEY,
                "--app.flows.postal.agency-addresses=../config/agency-addresses.yml",
                "--app.peers.payment.base-url=" + platform.baseUrl(),
                "--app.peers.payment.partner-code=" + PAYMENT_PARTNER,
                "--app.peers.payment.secret=" + PAYMENT_SECRET,
                "--app.flows.ministries.chains=../config/ministry-chains.yml",
                "--app.signatures.trust-dirs=" + pki.trustFolder(),
                "--app.signatures.signing.keystore=" + pki.keystore(),
                "--app.signatures.signing.password=" + PKI_PASSWORD,
                "--app.signatures.signing.alias=" + PROVINCE));
        for (String agency : MINISTRY_AGENCIES) {
            command.add("--app.peers.ministries[" + agency + "].endpoint=" + ministries.endpointOf(agency));
        }
        for (String flow : List.of("portal-sync", "callbacks", "postal", "payment", "ministries")) {
            command.add("--app.flows." + flow + ".retry.initial-delay=100ms");
            command.add("--app.flows." + flow + ".retry.max-delay=1s");
        }
        command.addAll(List.of(settings));
        Process node = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/" + log))).start();
        nodes.add(node);
        return node;
    }

    public static void awaitHealthy(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        nodes.forEach(Process::destroyForcibly);
        portal.close();
        onestop.close();
        post.close();
        platform.close();
        ministries.close();
        pki.close();
    }
}
