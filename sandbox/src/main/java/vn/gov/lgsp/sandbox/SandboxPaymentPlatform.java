package vn.gov.lgsp.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The national payment platform on loopback ({@code {base} = http://127.0.0.1:<port>/payment}), as DOMAIN 7 says and
 * no more: every field and hash checked (the time must be within minutes of now, Vietnam time, on the 24-hour clock),
 * one payment per reference, a citizen who pays {@code payDelay} after INIT, the CONFIRM notification hashed with the
 * secret, QUERY and GET_BILL. Tests steer it: drop, duplicate or forge notifications, fail a payment, answer QUERY
 * late.
 */
public final class SandboxPaymentPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxPaymentPlatform.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    private static final List<String> INIT_HASHED = List.of("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "SoTien",
            "LoaiHinhThanhToan", "MaKenhThanhToan", "MaThietBi", "NgonNgu", "MaTienTe", "MaNganHang", "ThongTinGiaoDich",
            "ThoiGianGD", "Ip");
    private static final List<String> LOOKUP_HASHED = List.of("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD");

    /** A payment the platform holds. */
    public static final class Payment {
        final String reference;
        final String dossierCode;
        final long amount;
        volatile String state = "0";
        volatile String transactionId;
        volatile ZonedDateTime paidAt;

        Payment(String reference, String dossierCode, long amount) {
            this.reference = reference;
            this.dossierCode = dossierCode;
            this.amount = amount;
        }

        public String reference() {
            return reference;
        }

        public String dossierCode() {
            return dossierCode;
        }

        public long amount() {
            return amount;
        }

        public boolean paid() {
            return "1".equals(state);
        }

        public String transactionId() {
            return transactionId;
        }
    }

    private final HttpServer server;
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String partnerCode;
    private final String secret;
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final AtomicLong transactions = new AtomicLong(880_000_000L);
    private final AtomicLong inits = new AtomicLong();
    private final AtomicLong refusedInits = new AtomicLong();
    private final AtomicLong confirmsAcknowledged = new AtomicLong();
    private final AtomicLong confirmsRefused = new AtomicLong();
    private final AtomicLong confirmsDropped = new AtomicLong();
    private final AtomicInteger dropNext = new AtomicInteger();
    private final Map<String, Steering> steered = new ConcurrentHashMap<>();
    private final AtomicInteger queryLate = new AtomicInteger();
    private volatile boolean duplicate;
    private volatile Duration payDelay;
    private volatile URI confirmUrl;

    private SandboxPaymentPlatform(int port, String partnerCode, String secret, Duration payDelay) throws IOException {
        this.partnerCode = partnerCode;
        this.secret = secret;
        this.payDelay = payDelay;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/payment", this::handle);
        server.start();
        log.info("Sandbox payment platform listening at {}", baseUrl());
    }

    public static SandboxPaymentPlatform start(int port, String partnerCode, String secret, Duration payDelay)
            throws IOException {
        return new SandboxPaymentPlatform(port, partnerCode, secret, payDelay);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/payment");
    }

    /** Where CONFIRM goes: the middleware's {@code POST /api/v1/payments/confirm}. */
    public void confirmTo(URI url) {
        confirmUrl = url;
    }

    // ---- steering ----------------------------------------------------------------------------------------

    /** The next {@code notifications} CONFIRMs are never sent (the payment is still made). */
    public void dropNext(int notifications) {
        dropNext.set(notifications);
    }

    /**
     * What happens to the next payment of this dossier only, whatever other payments are under way: its CONFIRM is
     * dropped, forged first, or it fails.
     */
    public void steer(String dossierCode, Steering steering) {
        steered.put(dossierCode, steering);
    }

    /** See {@link #steer}. */
    public enum Steering {
        DROP_NOTIFICATION,
        FORGE_NOTIFICATION_FIRST,
        FAIL_PAYMENT
    }

    /** Every CONFIRM is sent twice. */
    public void duplicate(boolean on) {
        duplicate = on;
    }

    /** The next {@code queries} are answered "not settled yet" whatever the payment's state. */
    public void answerQueryLate(int queries) {
        queryLate.set(queries);
    }

    public void payDelay(Duration delay) {
        payDelay = delay;
    }

    public void reset() {
        dropNext.set(0);
        steered.clear();
        queryLate.set(0);
        duplicate = false;
    }

    // ---- what it holds -------------------------------------------------------------------------------------

    public List<Payment> paymentsOf(String dossierCode) {
        return payments.values().stream().filter(p -> p.dossierCode.equals(dossierCode)).toList();
    }

    public long inits() {
        return inits.get();
    }

    public long refusedInits() {
        return refusedInits.get();
    }

    public long paid() {
        return payments.values().stream().filter(Payment::paid).count();
    }

    public long confirmsAcknowledged() {
        return confirmsAcknowledged.get();
    }

    /** CONFIRMs the middleware answered "99". */
    public long confirmsRefused() {
        return confirmsRefused.get();
    }

    public long confirmsDropped() {
        return confirmsDropped.get();
    }

    // ---- the contract ------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            JsonNode m;
            try {
                m = JSON.readTree(in.readAllBytes());
            } catch (IOException e) {
                reply(ex, answer("01", "Dữ liệu không phải JSON"));
                return;
            }
            if (m == null || !m.isObject()) {
                reply(ex, answer("01", "Dữ liệu không hợp lệ"));
                return;
            }
            reply(ex, switch (m.path("LoaiBanTin").asText()) {
                case "INIT" -> init(m);
                case "QUERY" -> query(m);
                case "GET_BILL" -> bill(m);
                default -> answer("01", "LoaiBanTin không hợp lệ");
            });
        } catch (RuntimeException e) {
            log.error("Sandbox payment platform failed", e);
        }
    }

    private ObjectNode init(JsonNode m) {
        inits.incrementAndGet();
        String problem = common(m, INIT_HASHED);
        if (problem == null) {
            problem = initProblem(m);
        }
        if (problem != null) {
            refusedInits.incrementAndGet();
            return answer("01", problem);
        }
        String reference = m.path("MaThamChieu").asText();
        long amount = Long.parseLong(m.path("SoTien").asText());
        Payment payment = payments.computeIfAbsent(reference, r -> {
            Payment created = new Payment(r, m.path("ThongTinBienLai").path("MaHoSo").asText(), amount);
            clock.schedule(() -> pay(created), payDelay.toMillis(), TimeUnit.MILLISECONDS);
            return created;
        });
        if (payment.amount != amount) {
            refusedInits.incrementAndGet();
            return answer("09", "MaThamChieu đã dùng cho số tiền khác");
        }
        return answer("00", "Thành công").put("UrlThanhToan", baseUrl() + "/pay/" + reference);
    }

    private String initProblem(JsonNode m) {
        if (!"PAY".equals(m.path("LoaiHinhThanhToan").asText()) || !"vi-VN".equals(m.path("NgonNgu").asText())
                || !"VND".equals(m.path("MaTienTe").asText())) {
            return "LoaiHinhThanhToan, NgonNgu hoặc MaTienTe không hợp lệ";
        }
        if (m.path("Ip").asText().isBlank() || m.path("ThongTinGiaoDich").asText().isBlank()) {
            return "Ip và ThongTinGiaoDich là bắt buộc";
        }
        if (!m.path("SoTien").isTextual() || !m.path("SoTien").asText().matches("[1-9]\\d{0,14}")) {
            return "SoTien phải là chuỗi số nguyên dương";
        }
        JsonNode receipt = m.path("ThongTinBienLai");
        for (String field : List.of("MaDichVu", "MaTTHC", "TenTTHC", "MaDonVi", "MaHoSo", "HoTenNguoiNop")) {
            if (receipt.path(field).asText().isBlank()) {
                return "ThongTinBienLai." + field + " là bắt buộc";
            }
        }
        long sum = 0;
        for (JsonNode fee : receipt.path("PhiLePhi")) {
            if (!fee.path("SoTien").isTextual() || !fee.path("SoTien").asText().matches("\\d{1,15}")) {
                return "PhiLePhi.SoTien phải là chuỗi số nguyên";
            }
            sum += Long.parseLong(fee.path("SoTien").asText());
        }
        if (sum != Long.parseLong(m.path("SoTien").asText())) {
            return "SoTien khác tổng PhiLePhi";
        }
        return null;
    }

    private ObjectNode query(JsonNode m) {
        String problem = common(m, LOOKUP_HASHED);
        if (problem != null) {
            return answer("01", problem);
        }
        Payment payment = payments.get(m.path("MaThamChieu").asText());
        if (payment == null) {
            return answer("10", "Không tìm thấy giao dịch");
        }
        ObjectNode answer = answer("00", "Thành công").put("MaThamChieu", payment.reference);
        if (queryLate.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return answer.put("TrangThaiGD", "0");
        }
        answer.put("TrangThaiGD", payment.state);
        if (payment.paid()) {
            answer.put("SoTien", Long.toString(payment.amount)).put("MaGiaoDich", payment.transactionId)
                    .put("ThoiGianGD", payment.paidAt.format(TIME));
        }
        return answer;
    }

    private ObjectNode bill(JsonNode m) {
        String problem = common(m, LOOKUP_HASHED);
        if (problem != null) {
            return answer("01", problem);
        }
        Payment payment = payments.get(m.path("MaThamChieu").asText());
        if (payment == null || !payment.paid()) {
            return answer("12", "Giao dịch chưa được thanh toán");
        }
        ObjectNode answer = answer("00", "Thành công");
        answer.putObject("BienLai").put("SoBienLai", "BL" + payment.transactionId).put("MauSo", "01BLP0-001")
                .put("KyHieu", "BL-26T").put("NgayLap", payment.paidAt.format(TIME))
                .put("SoTien", Long.toString(payment.amount)).put("MaGiaoDich", payment.transactionId)
                .put("UrlBienLai", baseUrl() + "/receipts/" + payment.transactionId + ".pdf");
        return answer;
    }

    /** Version, partner, hash and time: what every message to the platform must have right. */
    private String common(JsonNode m, List<String> hashed) {
        if (!"1.0.6".equals(m.path("PhienBan").asText())) {
            return "PhienBan không được hỗ trợ";
        }
        if (!partnerCode.equals(m.path("MaDoiTac").asText())) {
            return "MaDoiTac không đúng";
        }
        if (m.path("MaThamChieu").asText().isBlank()) {
            return "MaThamChieu là bắt buộc";
        }
        if (!hash(m, hashed).equals(m.path("MaXacThuc").asText())) {
            return "MaXacThuc không đúng";
        }
        try {
            ZonedDateTime sent = LocalDateTime.parse(m.path("ThoiGianGD").asText(), TIME).atZone(VIETNAM);
            if (Duration.between(sent, ZonedDateTime.now(VIETNAM)).abs().compareTo(CLOCK_SKEW) > 0) {
                return "ThoiGianGD lệch quá " + CLOCK_SKEW.toMinutes() + " phút so với giờ Việt Nam";
            }
        } catch (DateTimeParseException e) {
            return "ThoiGianGD phải có dạng yyyyMMddHHmmss";
        }
        return null;
    }

    /** The citizen pays (or the bank declines), then the platform notifies the middleware. */
    private void pay(Payment payment) {
        Steering steering = steered.remove(payment.dossierCode);
        boolean fails = steering == Steering.FAIL_PAYMENT;
        payment.paidAt = ZonedDateTime.now(VIETNAM);
        if (fails) {
            payment.state = "4";
        } else {
            payment.transactionId = "GD" + transactions.incrementAndGet();
            payment.state = "1";
        }
        if (steering == Steering.DROP_NOTIFICATION || dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            confirmsDropped.incrementAndGet();
            return;
        }
        if (steering == Steering.FORGE_NOTIFICATION_FIRST) {
            notify(confirm(payment, true), 1);
        }
        ObjectNode confirm = confirm(payment, false);
        notify(confirm, 1);
        if (duplicate) {
            notify(confirm, 1);
        }
    }

    private ObjectNode confirm(Payment payment, boolean forged) {
        ObjectNode m = JSON.createObjectNode();
        m.put("LoaiBanTin", "CONFIRM");
        m.put("MaLoi", payment.paid() ? "00" : "24");
        m.put("MaDoiTac", partnerCode);
        m.put("MaThamChieu", payment.reference);
        m.put("SoTien", Long.toString(payment.amount));
        m.put("MaTienTe", "VND");
        m.put("MaGiaoDich", payment.paid() ? payment.transactionId : "");
        m.put("MaNganHang", "970415");
        m.put("ThoiGianGD", payment.paidAt.format(TIME));
        m.put("ThongTinGiaoDich", payment.paid() ? "Thanh toan thanh cong" : "Ngan hang tu choi giao dich");
        String hash = hash(m, List.of("LoaiBanTin", "MaLoi", "MaDoiTac", "MaThamChieu", "SoTien", "MaTienTe", "MaGiaoDich",
                "MaNganHang", "ThoiGianGD", "ThongTinGiaoDich"));
        m.put("MaXacThuc", forged ? new StringBuilder(hash).reverse().toString() : hash);
        return m;
    }

    private void notify(ObjectNode confirm, int attempt) {
        URI url = confirmUrl;
        if (url == null) {
            return;
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(confirm))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                if ("00".equals(JSON.readTree(answer.body()).path("MaLoi").asText())) {
                    confirmsAcknowledged.incrementAndGet();
                } else {
                    confirmsRefused.incrementAndGet();
                }
                return;
            }
        } catch (IOException e) {
            log.debug("Sandbox payment platform: CONFIRM failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt < 5) {
            clock.schedule(() -> notify(confirm, attempt + 1), 1, TimeUnit.SECONDS);
        }
    }

    private String hash(JsonNode m, List<String> fields) {
        StringBuilder joined = new StringBuilder();
        for (String field : fields) {
            joined.append(m.path(field).isMissingNode() || m.path(field).isNull() ? "" : m.path(field).asText()).append('|');
        }
        joined.append(secret);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(joined.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode answer(String code, String description) {
        return JSON.createObjectNode().put("MaLoi", code).put("MoTaLoi", description);
    }

    private static void reply(HttpExchange ex, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
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
