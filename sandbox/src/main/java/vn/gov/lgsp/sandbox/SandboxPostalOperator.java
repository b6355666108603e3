package vn.gov.lgsp.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public postal operator on loopback ({@code {base} = http://127.0.0.1:<port>/postal}), as DOMAIN 8 says and no
 * more: OAuth2 client-credentials tokens that expire, orders checked field by field, item codes, cancellations,
 * a simulated shipment that is accepted (1) with its order and moves 2 → 3 → 4 one step every {@code stepTime}, with
 * the COD collected on delivery,
 * tracking pushed to the middleware signed with the partner's HMAC key, and the whole history on a pull. Tests steer
 * it: refuse orders, skip pushes, send them out of order or twice, revoke tokens, collect less than owed.
 */
public final class SandboxPostalOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxPostalOperator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.ofHours(7));
    private static final Pattern DOSSIER_CODE = Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.[GH]\\d{2}-\\d{6}-\\d{4}");
    private static final Pattern CANCEL = Pattern.compile("/postal/orders/([A-Z]{2}\\d{9}[A-Z]{2})/cancel");
    private static final String[] LOCATIONS = {"Bưu cục Nha Trang", "Trung tâm khai thác Khánh Hòa",
        "Bưu cục Cam Ranh", "Bưu cục phát Ninh Hòa"};
    private static final int[] JOURNEY = {2, 3, 4};

    /** One status of a shipment, as it happened. */
    public record Status(int code, Instant time, String location, long collected) {
    }

    /** A shipment the operator carries. */
    public static final class Shipment {
        final String itemCode;
        final String orderNumber;
        final String serviceType;
        final long codAmount;
        final List<Status> history = new ArrayList<>();
        volatile boolean ended;

        Shipment(String itemCode, String orderNumber, String serviceType, long codAmount) {
            this.itemCode = itemCode;
            this.orderNumber = orderNumber;
            this.serviceType = serviceType;
            this.codAmount = codAmount;
        }

        public String itemCode() {
            return itemCode;
        }

        public String orderNumber() {
            return orderNumber;
        }

        public String serviceType() {
            return serviceType;
        }

        public long codAmount() {
            return codAmount;
        }

        public synchronized List<Status> history() {
            return List.copyOf(history);
        }
    }

    private final HttpServer server;
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SecureRandom random = new SecureRandom();
    private final String clientId;
    private final String clientSecret;
    private final String customerCode;
    private final byte[] hmacKey;
    private final Duration stepTime;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Shipment> shipments = new ConcurrentHashMap<>();
    private final AtomicLong itemNumbers = new AtomicLong(100_000_000L + new SecureRandom().nextInt(800_000_000));
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong refusedOrders = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();
    private final AtomicLong pushesAcknowledged = new AtomicLong();
    private final AtomicLong pushesRefused = new AtomicLong();
    private final AtomicLong pushesSkipped = new AtomicLong();
    private final AtomicLong pulls = new AtomicLong();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger skipNext = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile String refuseStatus = "101";
    private volatile String refuseMessage = "";
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile boolean outOfOrder;
    private volatile boolean pushTwice;
    private volatile boolean skipAll;
    private volatile int skipStatus;
    private volatile boolean halted;
    private volatile long shortCollect;
    private volatile URI pushUrl;

    private SandboxPostalOperator(int port, String clientId, String clientSecret, String customerCode, String hmacKey,
                                  Duration stepTime) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.customerCode = customerCode;
        this.hmacKey = hmacKey.getBytes(StandardCharsets.UTF_8);
        this.stepTime = stepTime;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/postal/", this::handle);
        server.start();
        log.info("Sandbox postal operator listening at {}", baseUrl());
    }

    public static SandboxPostalOperator start(int port, String clientId, String clientSecret, String customerCode,
                                              String hmacKey, Duration stepTime) throws IOException {
        return new SandboxPostalOperator(port, clientId, clientSecret, customerCode, hmacKey, stepTime);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/postal");
    }

    /** Where tracking is pushed: the middleware's {@code POST /api/v1/postal/tracking}. */
    public void pushTo(URI url) {
        pushUrl = url;
    }

    // ---- steering ----------------------------------------------------------------------------------------

    /** Tokens issued from now on live this long. */
    public void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** Every token issued so far stops working, as when the operator rotates its keys. */
    public void revokeTokens() {
        tokens.clear();
    }

    /** The next {@code orders} orders are refused with {@code status} and {@code message}. */
    public void refuseNext(int orders, String status, String message) {
        refuseStatus = status;
        refuseMessage = message;
        refuseNext.set(orders);
    }

    /** The next {@code calls} calls (orders, cancellations, pulls) are answered HTTP 503 and not carried out. */
    public void failNext(int calls) {
        failNext.set(calls);
    }

    /**
     * The next {@code pushes} tracking pushes of {@code statusCode} (0: of any status) are never sent; the history
     * still has them, for a pull.
     */
    public void skipNextPushes(int pushes, int statusCode) {
        skipStatus = statusCode;
        skipNext.set(pushes);
    }

    /** No push is sent at all until called again with false. */
    public void skipAllPushes(boolean skip) {
        skipAll = skip;
    }

    /** Each shipment's "picked up" push goes out after its "in transit" one. */
    public void outOfOrder(boolean on) {
        outOfOrder = on;
    }

    /** Every push is sent twice. */
    public void pushTwice(boolean on) {
        pushTwice = on;
    }

    /** Shipments stop moving (a strike, a flood): statuses already reached stay. */
    public void halt(boolean on) {
        halted = on;
    }

    /** Deliveries with cash on delivery collect this much less than owed (a planted discrepancy). */
    public void collectShort(long amount) {
        shortCollect = amount;
    }

    public void reset() {
        tokenLifetime = Duration.ofHours(1);
        refuseNext.set(0);
        failNext.set(0);
        skipNext.set(0);
        skipStatus = 0;
        skipAll = false;
        outOfOrder = false;
        pushTwice = false;
        halted = false;
        shortCollect = 0;
    }

    // ---- what it holds -------------------------------------------------------------------------------------

    /** Orders it accepted for this order number and service type (more than one would be a duplicate). */
    public List<Shipment> shipmentsOf(String orderNumber, String serviceType) {
        return shipments.values().stream().filter(s -> s.orderNumber.equals(orderNumber) && s.serviceType.equals(serviceType))
                .toList();
    }

    public Shipment shipment(String itemCode) {
        return shipments.get(itemCode);
    }

    public long orders() {
        return shipments.size();
    }

    public long deliveries() {
        return shipments.values().stream().filter(s -> s.history().stream().anyMatch(st -> st.code() == 4)).count();
    }

    public long collected() {
        return shipments.values().stream().flatMap(s -> s.history().stream()).filter(st -> st.code() == 4)
                .mapToLong(Status::collected).sum();
    }

    public long logins() {
        return logins.get();
    }

    /** Calls refused for a missing, unknown or expired token. */
    public long unauthorized() {
        return unauthorized.get();
    }

    public long refusedOrders() {
        return refusedOrders.get();
    }

    public long cancels() {
        return cancels.get();
    }

    public long pushesAcknowledged() {
        return pushesAcknowledged.get();
    }

    /** Pushes the middleware refused (4xx). */
    public long pushesRefused() {
        return pushesRefused.get();
    }

    public long pushesSkipped() {
        return pushesSkipped.get();
    }

    public long pulls() {
        return pulls.get();
    }

    // ---- the contract ------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = ex.getRequestURI().getPath();
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, JSON.createObjectNode().put("error", "method not allowed"));
                return;
            }
            if (path.equals("/postal/token")) {
                token(ex, body);
                return;
            }
            if (!authorized(ex)) {
                unauthorized.incrementAndGet();
                reply(ex, 401, JSON.createObjectNode().put("error", "invalid_token"));
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(ex, 503, JSON.createObjectNode().put("error", "temporarily unavailable"));
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                reply(ex, 200, answer("101", "Dữ liệu không phải JSON"));
                return;
            }
            Matcher cancel = CANCEL.matcher(path);
            if (path.equals("/postal/orders")) {
                reply(ex, 200, order(request));
            } else if (cancel.matches()) {
                reply(ex, 200, cancel(cancel.group(1)));
            } else if (path.equals("/postal/tracking")) {
                reply(ex, 200, tracking(request));
            } else {
                reply(ex, 404, JSON.createObjectNode().put("error", "not found"));
            }
        } catch (RuntimeException e) {
            log.error("Sandbox postal operator failed", e);
        }
    }

    private void token(HttpExchange ex, byte[] body) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        String form = new String(body, StandardCharsets.US_ASCII);
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, JSON.createObjectNode().put("error", "invalid_client"));
            return;
        }
        if (!form.equals("grant_type=client_credentials")) {
            reply(ex, 400, JSON.createObjectNode().put("error", "unsupported_grant_type"));
            return;
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Duration lifetime = tokenLifetime;
        tokens.put(token, Instant.now().plus(lifetime));
        logins.incrementAndGet();
        reply(ex, 200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", Math.max(1, lifetime.toSeconds())));
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        Instant expires = tokens.get(header.substring("Bearer ".length()));
        return expires != null && Instant.now().isBefore(expires);
    }

    private ObjectNode order(JsonNode o) {
        String problem = problemOf(o);
        if (problem != null) {
            refusedOrders.incrementAndGet();
            return answer("101", problem);
        }
        if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refusedOrders.incrementAndGet();
            return answer(refuseStatus, refuseMessage);
        }
        String itemCode = "EL" + itemNumbers.incrementAndGet() + "VN";
        Shipment shipment = new Shipment(itemCode, o.get("OrderNumber").asText(), o.get("ServiceType").asText(),
                o.get("CODAmount").longValue());
        shipments.put(itemCode, shipment);
        synchronized (shipment) {
            happen(shipment, 1);
        }
        journey(shipment);
        return answer("100", "").put("ItemCode", itemCode);
    }

    /** The first thing wrong with an order, as the operator words it; null when it is well formed. */
    private String problemOf(JsonNode o) {
        if (!customerCode.equals(o.path("CustomerCode").asText())) {
            return "CustomerCode không đúng";
        }
        if (!DOSSIER_CODE.matcher(o.path("OrderNumber").asText()).matches()) {
            return "OrderNumber không hợp lệ";
        }
        String type = o.path("ServiceType").asText();
        if (!type.equals("SEND_DOSSIER") && !type.equals("RETURN_RESULT")) {
            return "ServiceType không hợp lệ";
        }
        JsonNode cod = o.get("CODAmount");
        if (cod == null || !cod.isIntegralNumber() || cod.longValue() < 0 || (type.equals("SEND_DOSSIER") && cod.longValue() != 0)) {
            return "CODAmount không hợp lệ";
        }
        for (String role : List.of("Sender", "Receiver")) {
            for (String field : List.of("Name", "Tel", "Address")) {
                if (o.path(role + field).asText().isBlank()) {
                    return role + field + " là bắt buộc";
                }
            }
            if (!o.path(role + "Tel").asText().matches("\\+?\\d{9,15}")) {
                return role + "Tel không hợp lệ";
            }
            if (!o.has(role + "Province") || !o.get(role + "Province").isTextual()) {
                return role + "Province là bắt buộc (có thể để trống)";
            }
        }
        // The agency's side always has its province; the applicant's may be empty.
        String agencySide = type.equals("SEND_DOSSIER") ? "ReceiverProvince" : "SenderProvince";
        if (o.path(agencySide).asText().isBlank()) {
            return agencySide + " của cơ quan là bắt buộc";
        }
        if (o.path("Description").asText().isBlank()) {
            return "Description là bắt buộc";
        }
        return null;
    }

    private ObjectNode cancel(String itemCode) {
        Shipment shipment = shipments.get(itemCode);
        if (shipment == null) {
            return answer("404", "Không tìm thấy bưu gửi " + itemCode);
        }
        synchronized (shipment) {
            if (shipment.ended) {
                Status last = shipment.history.get(shipment.history.size() - 1);
                return last.code() == 7 ? answer("100", "") : answer("701", "Bưu gửi đã kết thúc, không thể hủy");
            }
            cancels.incrementAndGet();
            happen(shipment, 7);
        }
        return answer("100", "");
    }

    private ObjectNode tracking(JsonNode request) {
        pulls.incrementAndGet();
        String orderNumber = request.path("orderNumber").asText();
        ObjectNode answer = answer("100", "");
        ArrayNode items = answer.putArray("Items");
        shipments.values().stream().filter(s -> s.orderNumber.equals(orderNumber))
                .forEach(s -> s.history().forEach(st -> items.add(record(s, st).without("OrderNumber"))));
        return answer;
    }

    /** After its acceptance the shipment moves one status every step time; each status is pushed as it happens. */
    private void journey(Shipment shipment) {
        for (int i = 0; i < JOURNEY.length; i++) {
            int code = JOURNEY[i];
            clock.schedule(() -> {
                synchronized (shipment) {
                    if (!shipment.ended && !halted) {
                        happen(shipment, code);
                    }
                }
            }, stepTime.toMillis() * (i + 1), TimeUnit.MILLISECONDS);
        }
    }

    /** Records the status and pushes it (or not, or late, as steered). Called with the shipment locked. */
    private void happen(Shipment shipment, int code) {
        if (!shipment.history.isEmpty() && shipment.history.get(shipment.history.size() - 1).code() >= code && code != 7) {
            return; // a halted shipment resumed: statuses already reached stay
        }
        long collected = code == 4 ? Math.max(0, shipment.codAmount - shortCollect) : 0;
        Status status = new Status(code, Instant.now(), LOCATIONS[(int) ((shipment.history.size() + code) % LOCATIONS.length)],
                collected);
        shipment.history.add(status);
        shipment.ended = code == 4 || code == 6 || code == 7;
        // The acceptance is pushed once the order's answer has had time to reach the middleware.
        long delay = code == 1 ? stepTime.toMillis() / 2
                : outOfOrder && code == 2 ? stepTime.toMillis() + stepTime.toMillis() / 2 : 0;
        clock.schedule(() -> push(shipment, status, 1), delay, TimeUnit.MILLISECONDS);
    }

    private void push(Shipment shipment, Status status, int attempt) {
        URI url = pushUrl;
        if (url == null) {
            return;
        }
        boolean skippable = skipStatus == 0 || skipStatus == status.code();
        if (attempt == 1 && (skipAll || (skippable && skipNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0))) {
            pushesSkipped.incrementAndGet();
            return;
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(record(shipment, status));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int copy = 0; copy < (pushTwice ? 2 : 1); copy++) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Signature", hmac(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                int answer = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (answer == 200) {
                    pushesAcknowledged.incrementAndGet();
                    continue;
                }
                if (answer < 500) {
                    pushesRefused.incrementAndGet();
                    log.info("Sandbox postal operator: push of {} status {} refused with HTTP {}", shipment.itemCode,
                            status.code(), answer);
                    return;
                }
            } catch (IOException e) {
                log.debug("Sandbox postal operator: push of {} failed: {}", shipment.itemCode, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < 5) {
                clock.schedule(() -> push(shipment, status, attempt + 1), stepTime.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
    }

    private static ObjectNode record(Shipment shipment, Status status) {
        return JSON.createObjectNode().put("ItemCode", shipment.itemCode).put("OrderNumber", shipment.orderNumber)
                .put("StatusCode", status.code()).put("StatusTime", TIME.format(status.time()))
                .put("Location", status.location()).put("CollectedAmount", status.collected());
    }

    private static ObjectNode answer(String status, String message) {
        return JSON.createObjectNode().put("Status", status).put("Message", message);
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        clock.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
