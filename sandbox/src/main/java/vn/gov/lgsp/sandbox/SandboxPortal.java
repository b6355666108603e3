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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A national public service portal on loopback ({@code {base}/login}, {@code {base}/integration}) that
 * enforces the contract strictly: the routing header, sessions, the unit code, field formats and limits,
 * create before progress, processing steps in time order, and only allowed status transitions.
 * Tests steer its failures: HTTP errors, slow answers, expired sessions, refusals of one dossier, and a flaky
 * mode in which calls fail at random and sessions expire every few calls, as a real portal under load does.
 */
public final class SandboxPortal implements AutoCloseable {

    public static final String DSTCODE = "VN:GOV:000.00.00.G22:vpcpdvcprovider";

    private static final Logger log = LoggerFactory.getLogger(SandboxPortal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern AGENCY = Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.[GH]\\d{2}");
    private static final Pattern DOSSIER = Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.[GH]\\d{2}-\\d{6}-\\d{4}");
    private static final Pattern PROCEDURE = Pattern.compile("\\d\\.\\d{6}(\\.\\d{3}\\.\\d{2}\\.\\d{2}\\.[GH]\\d{2})?");

    /** Which statuses may precede each status (DOMAIN section 3), written out here independently of the adapters. */
    private static final Map<Integer, Set<Integer>> PREDECESSORS = Map.of(
            1, Set.of(),
            2, Set.of(1, 5),
            3, Set.of(1, 2),
            4, Set.of(2, 4, 5, 6),
            5, Set.of(1, 2, 4),
            6, Set.of(2, 4),
            7, Set.of(1, 2, 4, 5, 6),
            8, Set.of(2, 4, 5, 6),
            9, Set.of(4, 6),
            10, Set.of(9));

    private final HttpServer server;
    private final ExecutorService workers;
    /** The trace ids of the W3C {@code traceparent} headers the portal was called with. */
    private final Set<String> traceIds = ConcurrentHashMap.newKeySet();
    private final ExecutorService downloader = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String username;
    private final String password;
    private final String unitCode;
    /** Live sessions, with the calls each has left in flaky mode. */
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final Map<String, PortalDossier> dossiers = new ConcurrentHashMap<>();
    private final Map<String, String> refusedDossiers = new ConcurrentHashMap<>();
    private final Map<String, String> refusedProgress = new ConcurrentHashMap<>();
    /** The most dossier records one header or progress call carried. */
    private final AtomicInteger largestCall = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile int outageStatus;
    private volatile Duration latency = Duration.ZERO;
    private volatile Flakiness flakiness;
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong downloadsOk = new AtomicLong();
    private final AtomicLong downloadsFailed = new AtomicLong();

    static {
        // Without TCP_NODELAY the JDK server's header and body segments meet the client's delayed ACK: 40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private SandboxPortal(int port, String username, String password, String unitCode) throws IOException {
        this.username = username;
        this.password = password;
        this.unitCode = unitCode;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        this.workers = Executors.newFixedThreadPool(32);
        server.setExecutor(workers);
        server.createContext("/dvcqg/login", ex -> handle(ex, this::login));
        server.createContext("/dvcqg/integration", ex -> handle(ex, this::integration));
        server.start();
        log.info("Sandbox national portal listening at {}", baseUrl());
    }

    /** Starts a portal on {@code port} (0 for any free port) accepting these credentials and unit code. */
    public static SandboxPortal start(int port, String username, String password, String unitCode) throws IOException {
        return new SandboxPortal(port, username, password, unitCode);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dvcqg");
    }

    // ---- steering, for tests and demonstrations ------------------------------------------------------

    /** The next {@code calls} calls answer HTTP {@code status} without being processed. */
    public void failNext(int calls, int status) {
        failStatus = status;
        failNext.set(calls);
    }

    /** Every call answers HTTP {@code status} until {@link #endOutage()}. */
    public void outage(int status) {
        outageStatus = status;
    }

    public void endOutage() {
        outageStatus = 0;
    }

    /** Each call is answered only after {@code delay}. */
    public void latency(Duration delay) {
        latency = delay;
    }

    /**
     * One call in {@code oneIn} fails at random: a third answered 503 unprocessed, a third dropped before it is
     * processed, a third processed and then dropped (the caller never hears that it worked); and every session
     * expires after {@code sessionCalls} calls. {@code oneIn} 0 ends it.
     */
    public void flaky(int oneIn, int sessionCalls, long seed) {
        flakiness = oneIn == 0 ? null : new Flakiness(oneIn, sessionCalls, new java.util.Random(seed));
    }

    private record Flakiness(int oneIn, int sessionCalls, java.util.Random random) {

        /** 0: no failure; 1: 503; 2: drop before processing; 3: process, then drop. */
        synchronized int draw() {
            return random.nextInt(oneIn) == 0 ? 1 + random.nextInt(3) : 0;
        }
    }

    /** Forgets every session: the next call with an old session is answered "Session expired". */
    public void expireSessions() {
        sessions.clear();
    }

    /** Refuses every header and progress of this dossier with a validation failure carrying {@code message}. */
    public void refuseDossier(String dossierCode, String message) {
        refusedDossiers.put(dossierCode, message);
    }

    public void acceptDossier(String dossierCode) {
        refusedDossiers.remove(dossierCode);
        refusedProgress.remove(dossierCode);
    }

    /** Takes this dossier's header but refuses its processing steps with a validation failure carrying {@code message}. */
    public void refuseProgress(String dossierCode, String message) {
        refusedProgress.put(dossierCode, message);
    }

    /** Puts a header in place as if another system had created it earlier. */
    public void preload(String dossierCode, int status) {
        ObjectNode header = JSON.createObjectNode().put("MaHoSo", dossierCode).put("TrangThaiHoSo", status);
        dossiers.put(dossierCode, new PortalDossier(header));
    }

    // ---- what it holds ---------------------------------------------------------------------------------

    /** The most dossier records ({@code data} items) one header or progress call has carried. */
    public int largestCall() {
        return largestCall.get();
    }

    public int dossierCount() {
        return dossiers.size();
    }

    /** Whether a call came with a W3C trace context of this trace (32 hex digits). */
    public boolean calledInTrace(String traceId) {
        return traceIds.contains(traceId);
    }

    public int progressCount() {
        return dossiers.values().stream().mapToInt(d -> d.progress.size()).sum();
    }

    /** Statuses of the dossier's recorded processing steps, in the order the portal accepted them. */
    public List<Integer> progressStatuses(String dossierCode) {
        PortalDossier d = dossiers.get(dossierCode);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return d.progress.stream().map(p -> p.path("TrangThai").asInt()).toList();
        }
    }

    /** The dossier's processing-step notes in order, for tests that tell steps of the same status apart. */
    public List<String> progressNotes(String dossierCode) {
        PortalDossier d = dossiers.get(dossierCode);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return d.progress.stream().map(p -> p.path("NoiDungXuLy").asText()).toList();
        }
    }

    /** When each of the dossier's processing steps was accepted, as {@link System#nanoTime()}. */
    public List<Long> progressTimes(String dossierCode) {
        PortalDossier d = dossiers.get(dossierCode);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return List.copyOf(d.progressNanos);
        }
    }

    public Integer headerStatus(String dossierCode) {
        PortalDossier d = dossiers.get(dossierCode);
        return d == null ? null : d.header.path("TrangThaiHoSo").asInt();
    }

    public int headerWrites(String dossierCode) {
        PortalDossier d = dossiers.get(dossierCode);
        return d == null ? 0 : d.headerWrites;
    }

    /** Calls answered with an error other than "not found" to a lookup. */
    public long refusals() {
        return refusals.get();
    }

    public long logins() {
        return logins.get();
    }

    public long downloadsOk() {
        return downloadsOk.get();
    }

    public long downloadsFailed() {
        return downloadsFailed.get();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        downloader.shutdownNow();
    }

    // ---- the contract ------------------------------------------------------------------------------------

    private interface Service {
        ObjectNode answer(JsonNode request);
    }

    private void handle(HttpExchange ex, Service service) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String traceparent = ex.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null && traceparent.length() >= 35) {
                traceIds.add(traceparent.substring(3, 35));
            }
            pause();
            if (outageStatus != 0) {
                reply(ex, outageStatus, error("503", "Hệ thống đang bảo trì"));
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(ex, failStatus, error(String.valueOf(failStatus), "Lỗi hệ thống"));
                return;
            }
            Flakiness flaky = flakiness;
            int failure = flaky == null ? 0 : flaky.draw();
            if (failure == 1) {
                reply(ex, 503, error("503", "Hệ thống quá tải"));
                return;
            }
            if (failure == 2) {
                return; // the exchange closes without an answer: the connection is dropped
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, error("405", "Method not allowed"));
                return;
            }
            if (!DSTCODE.equals(ex.getRequestHeaders().getFirst("dstcode"))) {
                reply(ex, 403, error("403", "Thiếu hoặc sai dstcode"));
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                reply(ex, 400, error("1", "Dữ liệu không phải JSON hợp lệ"));
                return;
            }
            if (request == null || !request.isObject()) {
                reply(ex, 400, error("1", "Dữ liệu không phải JSON hợp lệ"));
                return;
            }
            ObjectNode answer = service.answer(request);
            boolean lookup = "TraCuuHoSo".equals(request.path("service").asText());
            if (!isSuccess(answer) && !lookup && !"-2".equals(answer.path("error_code").asText())) {
                refusals.incrementAndGet();
            }
            if (failure == 3) {
                return; // processed, but the answer never leaves
            }
            reply(ex, 200, answer);
        } catch (RuntimeException e) {
            log.error("Sandbox portal failed on a request", e);
            reply(ex, 500, error("500", "Lỗi hệ thống"));
        }
    }

    private void pause() {
        Duration d = latency;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ObjectNode login(JsonNode request) {
        if (!username.equals(request.path("username").asText(null)) || !password.equals(request.path("password").asText(null))) {
            return error("1", "Sai tên đăng nhập hoặc mật khẩu");
        }
        logins.incrementAndGet();
        String session = UUID.randomUUID().toString();
        Flakiness flaky = flakiness;
        sessions.put(session, new AtomicInteger(flaky == null ? Integer.MAX_VALUE : flaky.sessionCalls()));
        return ok().put("session", session);
    }

    private ObjectNode integration(JsonNode request) {
        String session = request.path("session").asText("");
        AtomicInteger callsLeft = sessions.get(session);
        if (callsLeft == null || callsLeft.getAndDecrement() <= 0) {
            sessions.remove(session);
            return error("-2", "Session expired");
        }
        if (!unitCode.equals(request.path("madonvi").asText())) {
            return error("1", "Mã đơn vị không hợp lệ: " + request.path("madonvi").asText());
        }
        String service = request.path("service").asText("");
        largestCall.accumulateAndGet(request.path("data").size(), Math::max);
        return switch (service) {
            case "TraCuuHoSo" -> lookup(request.path("mahoso").asText(""));
            case "DongBoHoSoMC" -> syncHeaders(request);
            case "CapNhatTienDoHoSoMC" -> appendProgress(request);
            default -> error("1", "Dịch vụ không hỗ trợ: " + service);
        };
    }

    private ObjectNode lookup(String code) {
        PortalDossier d = dossiers.get(code);
        if (d == null) {
            return error("3", "Không tìm thấy");
        }
        synchronized (d) {
            ObjectNode result = d.header.deepCopy();
            ArrayNode steps = result.putArray("QuaTrinhXuLy");
            d.progress.forEach(steps::add);
            ObjectNode answer = ok();
            answer.set("result", result);
            return answer;
        }
    }

    private ObjectNode syncHeaders(JsonNode request) {
        String updating = request.path("isUpdating").asText("");
        if (!updating.equals("True") && !updating.equals("False")) {
            return error("1", "isUpdating phải là \"True\" hoặc \"False\"");
        }
        JsonNode data = request.path("data");
        if (!data.isArray() || data.isEmpty()) {
            return error("1", "Thiếu data");
        }
        for (JsonNode header : data) {
            String problem = headerProblem(header);
            if (problem != null) {
                return error("1", problem);
            }
        }
        for (JsonNode header : data) {
            ObjectNode answer = updating.equals("True") ? update(header) : create(header);
            if (!isSuccess(answer)) {
                return answer;
            }
        }
        return ok();
    }

    private ObjectNode create(JsonNode header) {
        String code = header.path("MaHoSo").asText();
        PortalDossier fresh = new PortalDossier((ObjectNode) header.deepCopy());
        if (dossiers.putIfAbsent(code, fresh) != null) {
            return error("3", "Hồ sơ đã tồn tại");
        }
        fetchDocuments(header);
        return ok();
    }

    private ObjectNode update(JsonNode header) {
        String code = header.path("MaHoSo").asText();
        PortalDossier d = dossiers.get(code);
        if (d == null) {
            return error("1", "Hồ sơ chưa tồn tại");
        }
        synchronized (d) {
            int current = d.header.path("TrangThaiHoSo").asInt();
            int next = header.path("TrangThaiHoSo").asInt();
            if (current != next && !PREDECESSORS.get(next).contains(current)) {
                return error("1", "Trạng thái " + next + " không được phép sau trạng thái " + current);
            }
            d.header = (ObjectNode) header.deepCopy();
            d.headerWrites++;
        }
        return ok();
    }

    private ObjectNode appendProgress(JsonNode request) {
        JsonNode data = request.path("data");
        if (!data.isArray() || data.isEmpty()) {
            return error("1", "Thiếu data");
        }
        for (JsonNode step : data) {
            String problem = progressProblem(step);
            if (problem != null) {
                return error("1", problem);
            }
            PortalDossier d = dossiers.get(step.path("MaHoSo").asText());
            if (d == null) {
                return error("1", "Hồ sơ chưa tồn tại");
            }
            synchronized (d) {
                int status = step.path("TrangThai").asInt();
                JsonNode last = d.progress.isEmpty() ? null : d.progress.get(d.progress.size() - 1);
                if (last == null && status != 1 && status != 2) {
                    return error("1", "Bước xử lý đầu tiên phải có trạng thái 1 hoặc 2, nhận được " + status);
                }
                if (last != null && !PREDECESSORS.get(status).contains(last.path("TrangThai").asInt())) {
                    return error("1", "Trạng thái " + status + " không được phép sau trạng thái " + last.path("TrangThai").asInt());
                }
                if (last != null && step.path("ThoiDiemXuLy").asText().compareTo(last.path("ThoiDiemXuLy").asText()) < 0) {
                    return error("1", "Thời điểm xử lý " + step.path("ThoiDiemXuLy").asText() + " trước bước trước đó");
                }
                d.progress.add(step.deepCopy());
                d.progressNanos.add(System.nanoTime());
            }
        }
        return ok();
    }

    private String headerProblem(JsonNode h) {
        String code = h.path("MaHoSo").asText("");
        if (refusedDossiers.containsKey(code)) {
            return refusedDossiers.get(code);
        }
        List<String> problems = new ArrayList<>();
        require(problems, h, "MaHoSo", DOSSIER);
        require(problems, h, "MaTTHC", PROCEDURE);
        require(problems, h, "DonViXuLy", AGENCY);
        text(problems, h, "TenTTHC", true, 500);
        text(problems, h, "ChuHoSo", true, 200);
        text(problems, h, "TrichYeuHoSo", true, 1000);
        number(problems, h, "KenhThucHien", 1, 3);
        number(problems, h, "LoaiDoiTuong", 1, 4);
        number(problems, h, "TrangThaiHoSo", 1, 10);
        number(problems, h, "HinhThuc", 0, 1);
        time(problems, h, "NgayNopHoSo", true);
        for (String field : List.of("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")) {
            time(problems, h, field, false);
        }
        for (JsonNode doc : h.path("TaiLieuNop")) {
            String url = doc.path("DuongDanTaiTepTin").asText("");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                problems.add("TaiLieuNop.DuongDanTaiTepTin không hợp lệ");
            }
        }
        for (JsonNode fee : h.path("DanhSachLePhi")) {
            if (!fee.path("Gia").isIntegralNumber() || fee.path("Gia").asLong() < 0) {
                problems.add("DanhSachLePhi.Gia phải là số nguyên không âm");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private String progressProblem(JsonNode p) {
        String code = p.path("MaHoSo").asText("");
        if (refusedDossiers.containsKey(code)) {
            return refusedDossiers.get(code);
        }
        if (refusedProgress.containsKey(code)) {
            return refusedProgress.get(code);
        }
        List<String> problems = new ArrayList<>();
        require(problems, p, "MaHoSo", DOSSIER);
        text(problems, p, "NguoiXuLy", true, 50);
        text(problems, p, "PhongBanXuLy", true, 300);
        number(problems, p, "TrangThai", 1, 10);
        time(problems, p, "ThoiDiemXuLy", true);
        time(problems, p, "NgayBatDau", false);
        time(problems, p, "NgayKetThucTheoQuyDinh", false);
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void require(List<String> problems, JsonNode n, String field, Pattern form) {
        if (!form.matcher(n.path(field).asText("")).matches()) {
            problems.add(field + " không đúng định dạng");
        }
    }

    private static void text(List<String> problems, JsonNode n, String field, boolean required, int max) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                problems.add(field + " là bắt buộc");
            }
            return;
        }
        if (!v.isTextual() || (required && v.asText().isBlank())) {
            problems.add(field + " là bắt buộc");
        } else if (v.asText().codePointCount(0, v.asText().length()) > max) {
            problems.add(field + " vượt quá " + max + " ký tự");
        }
    }

    private static void number(List<String> problems, JsonNode n, String field, int min, int max) {
        JsonNode v = n.path(field);
        if (!v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            problems.add(field + " phải là số từ " + min + " đến " + max);
        }
    }

    private static void time(List<String> problems, JsonNode n, String field, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                problems.add(field + " là bắt buộc");
            }
            return;
        }
        try {
            LocalDateTime.parse(v.asText(), TIME);
        } catch (DateTimeParseException e) {
            problems.add(field + " phải có dạng yyyyMMddHHmmss");
        }
    }

    /** The real portal downloads submitted documents from their links; so does the sandbox, off the request path. */
    private void fetchDocuments(JsonNode header) {
        for (JsonNode doc : header.path("TaiLieuNop")) {
            URI url = URI.create(doc.path("DuongDanTaiTepTin").asText());
            downloader.execute(() -> {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    (r.statusCode() == 200 ? downloadsOk : downloadsFailed).incrementAndGet();
                } catch (IOException | InterruptedException | RuntimeException e) {
                    downloadsFailed.incrementAndGet();
                }
            });
        }
    }

    private static boolean isSuccess(ObjectNode answer) {
        return "0".equals(answer.path("error_code").asText());
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("error_code", 0).put("message", "Thành công");
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class PortalDossier {
        private ObjectNode header;
        private final List<JsonNode> progress = new ArrayList<>();
        private final List<Long> progressNanos = new ArrayList<>();
        private int headerWrites = 1;

        PortalDossier(ObjectNode header) {
            this.header = header;
        }
    }
}
