package vn.gov.lgsp.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-stop software instance taking callbacks on loopback ({@code POST {base}/onestop/callbacks}), as the
 * callback contract says: it checks the {@code X-Signature} HMAC of the raw body with its key, the fields, and
 * that each dossier's callbacks come in the order they happened; it acknowledges with 204 and drops repeats by
 * {@code callbackId}. Tests steer its failures: HTTP errors, an outage, slow answers, dropped connections.
 */
public final class SandboxCallbackReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxCallbackReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KINDS = Set.of("PORTAL_SYNCED", "PORTAL_REJECTED", "MINISTRY_RECEIPT",
            "MINISTRY_STATUS", "MINISTRY_RESULT", "PAYMENT_REQUESTED", "PAYMENT_CONFIRMED", "PAYMENT_FAILED",
            "POSTAL_ORDER", "POSTAL_ORDER_REFUSED", "POSTAL_TRACKING");

    /** A callback as received, first time only. */
    public record Received(String callbackId, String dossierCode, String kind, OffsetDateTime occurredAt, JsonNode data) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private final byte[] key;
    private final Map<String, List<Received>> byDossier = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger dropNext = new AtomicInteger();
    private volatile int failStatus = 500;
    private volatile int outageStatus;
    private volatile boolean dropAll;
    private volatile Duration latency = Duration.ZERO;

    private SandboxCallbackReceiver(int port, String key) throws IOException {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.setExecutor(workers);
        server.createContext("/onestop/callbacks", this::handle);
        server.start();
        log.info("Sandbox one-stop callback receiver listening at {}", url());
    }

    /** Starts a receiver on {@code port} (0 for any free port) that checks signatures made with {@code key}. */
    public static SandboxCallbackReceiver start(int port, String key) throws IOException {
        return new SandboxCallbackReceiver(port, key);
    }

    /** The address to configure as the one-stop client's {@code callback-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/onestop/callbacks");
    }

    // ---- steering ----------------------------------------------------------------------------------------

    /** The next {@code calls} callbacks are answered HTTP {@code status} and not taken. */
    public void failNext(int calls, int status) {
        failStatus = status;
        failNext.set(calls);
    }

    /** The connection of the next {@code calls} callbacks is closed before any answer; they are not taken. */
    public void dropNext(int calls) {
        dropNext.set(calls);
    }

    /** Every callback is answered HTTP {@code status} (or, with 0, its connection dropped) until {@link #endOutage()}. */
    public void outage(int status) {
        outageStatus = status;
        dropAll = status == 0;
    }

    public void endOutage() {
        outageStatus = 0;
        dropAll = false;
    }

    /** Each callback is answered only after {@code delay} (and taken, if the sender still listens). */
    public void latency(Duration delay) {
        latency = delay;
    }

    // ---- what it holds -------------------------------------------------------------------------------------

    /** Callbacks acknowledged for the first time. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Callbacks that came again with a callbackId already taken (acknowledged, not taken twice). */
    public long repeats() {
        return repeats.get();
    }

    public long badSignatures() {
        return badSignatures.get();
    }

    public long malformed() {
        return malformed.get();
    }

    /** Callbacks that came after a later one of the same dossier. */
    public long outOfOrder() {
        return outOfOrder.get();
    }

    /** The dossier's callbacks in the order they were taken. */
    public List<Received> of(String dossierCode) {
        List<Received> list = byDossier.get(dossierCode);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    // ---- the contract ------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!latency.isZero()) {
                sleep(latency);
            }
            if (dropAll || dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return; // closing the exchange without an answer drops the connection
            }
            if (outageStatus != 0) {
                reply(ex, outageStatus);
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(ex, failStatus);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405);
                return;
            }
            String signature = ex.getRequestHeaders().getFirst("X-Signature");
            if (signature == null || !MessageDigest.isEqual(hmac(body).getBytes(StandardCharsets.US_ASCII),
                    signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                badSignatures.incrementAndGet();
                log.warn("Sandbox one-stop: callback with a missing or wrong X-Signature refused");
                reply(ex, 401);
                return;
            }
            Received callback = parse(body);
            if (callback == null) {
                malformed.incrementAndGet();
                reply(ex, 400);
                return;
            }
            take(callback);
            reply(ex, 204);
        }
    }

    private void take(Received callback) {
        if (!seen.add(callback.callbackId())) {
            repeats.incrementAndGet();
            return;
        }
        List<Received> list = byDossier.computeIfAbsent(callback.dossierCode(), c -> new ArrayList<>());
        synchronized (list) {
            if (!list.isEmpty() && isBefore(callback, list.get(list.size() - 1))) {
                outOfOrder.incrementAndGet();
                log.warn("Sandbox one-stop: callback {} of {} came after a later one", callback.kind(), callback.dossierCode());
            }
            list.add(callback);
        }
        acknowledged.incrementAndGet();
    }

    /** Earlier in time, or a portal step before one already reported. */
    private static boolean isBefore(Received callback, Received last) {
        if (callback.occurredAt().isBefore(last.occurredAt())) {
            return true;
        }
        return callback.kind().equals("PORTAL_SYNCED") && last.kind().equals("PORTAL_SYNCED")
                && callback.data().path("sequence").asInt() <= last.data().path("sequence").asInt();
    }

    private static Received parse(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject() || !n.path("callbackId").isTextual() || !n.path("dossierCode").isTextual()
                    || !KINDS.contains(n.path("kind").asText()) || !n.path("data").isObject()) {
                return null;
            }
            return new Received(n.path("callbackId").asText(), n.path("dossierCode").asText(), n.path("kind").asText(),
                    OffsetDateTime.parse(n.path("occurredAt").asText()), n.path("data"));
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        try (OutputStream out = ex.getResponseBody()) {
            out.flush();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
