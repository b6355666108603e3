package vn.gov.lgsp.adapters.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.HttpFailures;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.AttachmentLinks;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.tracing.TraceContext;

/**
 * Talks to the national portal: one session shared by all callers, renewed when the portal says it expired;
 * create-or-update of dossier headers; processing steps, one dossier at a time or many in one call (the contract's
 * {@code data: [...]}). Failures come out classified: transient ({@link PeerTransientException}, saying whether the
 * portal may have acted) or a refusal for good ({@link PeerRejectedException}). Every HTTP call goes through the
 * portal's {@link CallGuard}. Each call is logged once per dossier it concerns: a call for many dossiers leaves in
 * each dossier's log the hash of that dossier's own record.
 */
public class PortalClient {

    public static final String PEER = "portal";
    static final String LOOKUP = "TraCuuHoSo";
    static final String SYNC_HEADER = "DongBoHoSoMC";
    static final String APPEND_PROGRESS = "CapNhatTienDoHoSoMC";

    private static final Logger log = LoggerFactory.getLogger(PortalClient.class);

    private final PortalProperties properties;
    private final ObjectMapper json;
    private final PeerExchange.Journal journal;
    private final CallGuard guard;
    private final HttpClient http;
    private final AtomicReference<String> session = new AtomicReference<>();

    public PortalClient(PortalProperties properties, ObjectMapper json, PeerExchange.Journal journal, CallGuard guard) {
        this.properties = properties;
        this.json = json;
        this.journal = journal;
        this.guard = guard;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    }

    /** A dossier's header as of {@code event}; {@code knownAtPortal}: the portal took a header of it before. */
    public record HeaderSync(DossierEvent event, OffsetDateTime finishedAt, OffsetDateTime returnedAt,
                             boolean knownAtPortal) {
    }

    /** What one dossier's log records of a call: its own part of the request ({@code null}: the whole request). */
    private record Subject(String dossierCode, byte[] part) {
    }

    /** What the portal holds of a dossier: its header at all, and a given processing step. */
    public record Holding(boolean dossier, boolean step) {
    }

    /**
     * What the portal already holds of this step's dossier ({@code TraCuuHoSo}): used when an earlier attempt may
     * have reached the portal without its answer reaching us, so that the step is not appended twice and the header
     * is updated rather than created again.
     */
    public Holding holding(DossierEvent event) {
        JsonNode found = lookup(event.dossierCode());
        if (found == null) {
            return new Holding(false, false);
        }
        PortalWire.Progress expected = PortalMapper.progress(event);
        for (JsonNode p : found.path("QuaTrinhXuLy")) {
            if (expected.processedAt().equals(p.path("ThoiDiemXuLy").asText())
                    && expected.status() == p.path("TrangThai").asInt()
                    && expected.officer().equals(p.path("NguoiXuLy").asText())) {
                return new Holding(true, true);
            }
        }
        return new Holding(true, false);
    }

    /** Whether the portal already recorded this processing step (see {@link #holding}). */
    public boolean hasProgress(DossierEvent event) {
        return holding(event).step();
    }

    /**
     * Creates or updates the dossier header ({@code DongBoHoSoMC}): an update when the portal took a header of it
     * before, else a create. A create answered "already exists" (an earlier attempt got there without our hearing)
     * becomes an update, and an update answered "does not exist" a create; so no lookup is needed first.
     */
    public void syncHeader(HeaderSync sync, AttachmentLinks links) {
        PortalWire.DossierHeader header = PortalMapper.header(sync.event(), sync.finishedAt(), sync.returnedAt(), links);
        boolean update = sync.knownAtPortal();
        Answer answer = sendHeaders(List.of(header), update);
        if (!answer.ok() && !update && answer.isAlreadyExists()) {
            answer = sendHeaders(List.of(header), true);
        } else if (!answer.ok() && update && answer.isNotFound()) {
            answer = sendHeaders(List.of(header), false);
        }
        answer.requireOk();
    }

    /**
     * Creates (when none of the dossiers is known at the portal) or updates (when all are) several dossiers' headers
     * in one call. Harmless to repeat.
     *
     * @return whether the portal took them all; when it refused the call it may have taken some: send each alone
     */
    public boolean syncHeaders(List<HeaderSync> syncs, AttachmentLinks links) {
        boolean update = syncs.get(0).knownAtPortal();
        if (syncs.stream().anyMatch(h -> h.knownAtPortal() != update)) {
            throw new IllegalArgumentException("one call either creates or updates headers");
        }
        return sendHeaders(syncs.stream().map(h -> PortalMapper.header(h.event(), h.finishedAt(), h.returnedAt(), links))
                .toList(), update).ok();
    }

    /** Appends one processing step ({@code CapNhatTienDoHoSoMC}); the header must exist already. */
    public void appendProgress(DossierEvent event) {
        appendProgress(List.of(event));
    }

    /**
     * Appends the next step of each of several dossiers in one call; each header must exist already. Not to be
     * repeated: the portal would record a step twice.
     *
     * @return whether the portal took them all; when it refused the call, it may have taken those before the one it
     *         refused (a single step refused throws {@link PeerRejectedException})
     */
    public boolean appendProgress(List<DossierEvent> events) {
        List<PortalWire.Progress> records = events.stream().map(PortalMapper::progress).toList();
        Answer answer = integration(APPEND_PROGRESS, subjects(records, PortalWire.Progress::dossierCode),
                Map.of("data", records));
        if (events.size() == 1) {
            answer.requireOk();
        }
        return answer.ok();
    }

    private Answer sendHeaders(List<PortalWire.DossierHeader> headers, boolean update) {
        return integration(SYNC_HEADER, subjects(headers, PortalWire.DossierHeader::dossierCode),
                Map.of("isUpdating", update ? "True" : "False", "data", headers));
    }

    /** One dossier's record is the whole request; several dossiers' each log their own record. */
    private <T> List<Subject> subjects(List<T> records, Function<T, String> dossierCode) {
        if (records.size() == 1) {
            return List.of(new Subject(dossierCode.apply(records.get(0)), null));
        }
        return records.stream().map(r -> {
            try {
                return new Subject(dossierCode.apply(r), json.writeValueAsBytes(r));
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise a portal record", e);
            }
        }).toList();
    }

    private JsonNode lookup(String dossierCode) {
        Answer answer = integration(LOOKUP, List.of(new Subject(dossierCode, null)), Map.of("mahoso", dossierCode));
        if (answer.ok()) {
            return answer.body().path("result");
        }
        if (answer.isNotFound()) {
            return null;
        }
        answer.requireOk();
        return null;
    }

    private Answer integration(String service, List<Subject> subjects, Map<String, Object> fields) {
        for (int attempt = 1; ; attempt++) {
            String current = session();
            ObjectNode body = json.createObjectNode();
            body.put("session", current);
            body.put("madonvi", properties.unitCode());
            body.put("service", service);
            fields.forEach((k, v) -> body.set(k, json.valueToTree(v)));
            Answer answer = post("integration", body, service, subjects);
            if (!answer.isSessionExpired()) {
                return answer;
            }
            session.compareAndSet(current, null);
            if (attempt == 2) {
                throw new PeerTransientException("portal.session-expired", "the portal refused a fresh session");
            }
            log.info("Portal session expired; logging in again");
        }
    }

    private String session() {
        String current = session.get();
        if (current != null) {
            return current;
        }
        synchronized (session) {
            if (session.get() == null) {
                ObjectNode body = json.createObjectNode();
                body.put("username", properties.username());
                body.put("password", properties.password());
                Answer answer = post("login", body, "login", List.of());
                String fresh = answer.body().path("session").asText("");
                if (!answer.ok() || fresh.isEmpty()) {
                    // Wrong credentials are an operator's fix: the queue waits rather than parking every dossier.
                    throw new PeerTransientException("portal.login-failed", "portal login refused: " + answer.message());
                }
                session.set(fresh);
            }
            return session.get();
        }
    }

    private Answer post(String path, ObjectNode body, String operation, List<Subject> subjects) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a portal request", e);
        }
        HttpRequest request = TraceContext.propagate(HttpRequest.newBuilder(HttpFailures.endpoint(properties.baseUrl(), path)))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("dstcode", properties.dstcode())
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        // Appending a processing step twice would record it twice; everything else is harmless to repeat.
        return guard.call(!operation.equals(APPEND_PROGRESS), () -> exchange(request, payload, operation, subjects));
    }

    /** One HTTP call and its classification. */
    private Answer exchange(HttpRequest request, byte[] payload, String operation, List<Subject> subjects) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            record(subjects, operation, payload, "FAILED", e.toString());
            throw HttpFailures.unreachable(PEER, operation, e);
        } catch (InterruptedException e) {
            throw HttpFailures.interrupted(PEER);
        }
        int status = response.statusCode();
        if (HttpFailures.isUnavailable(status)) {
            record(subjects, operation, payload, "FAILED", "HTTP " + status);
            throw HttpFailures.unavailable(PEER, operation, status);
        }
        if (status == 401 || status == 403) {
            record(subjects, operation, payload, "FAILED", "HTTP " + status);
            throw new PeerTransientException("portal.unauthorized", "portal " + operation + " answered HTTP " + status);
        }
        if (status >= 300) {
            record(subjects, operation, payload, "REJECTED", "HTTP " + status);
            throw new PeerRejectedException("portal.rejected.http", "portal " + operation + " answered HTTP " + status);
        }
        Answer answer;
        try {
            answer = new Answer(operation, json.readTree(response.body()));
        } catch (IOException e) {
            record(subjects, operation, payload, "FAILED", "unreadable answer");
            throw new PeerTransientException("portal.bad-answer", "portal " + operation + " answered with no JSON", e, true);
        }
        record(subjects, operation, payload, answer.ok() ? "OK" : "ERROR " + answer.code(), answer.message());
        return answer;
    }

    private void record(List<Subject> subjects, String operation, byte[] payload, String outcome, String detail) {
        String together = subjects.size() > 1 ? " (" + subjects.size() + " dossiers in one call)" : "";
        for (Subject s : subjects) {
            journal.record(new PeerExchange(PEER, PeerExchange.Direction.OUT, s.dossierCode(), operation,
                    s.part() == null ? payload : s.part(), outcome, detail + together));
        }
    }

    /** A portal answer: {@code error_code} is 0, "0" or "00" on success, a string code otherwise. */
    private record Answer(String operation, JsonNode body) {

        String code() {
            return body.path("error_code").asText("");
        }

        String message() {
            return body.path("message").asText("");
        }

        boolean ok() {
            String code = code();
            return code.equals("0") || code.equals("00");
        }

        boolean isSessionExpired() {
            return code().equals("-2");
        }

        /** "3" answers a lookup of an unknown dossier; "1" + "chưa tồn tại" an update of one. */
        boolean isNotFound() {
            return (operation.equals(LOOKUP) && code().equals("3"))
                    || (code().equals("1") && message().toLowerCase().contains("chưa tồn tại"));
        }

        boolean isAlreadyExists() {
            return code().equals("3") && message().toLowerCase().contains("đã tồn tại");
        }

        void requireOk() {
            if (!ok()) {
                throw new PeerRejectedException("portal.rejected", operation + " error_code " + code() + ": " + message());
            }
        }
    }
}
