package vn.gov.lgsp.intake;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.Dossier;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.config.EventJson;
import vn.gov.lgsp.config.Hashing;
import vn.gov.lgsp.delivery.Deliveries;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.web.ConflictException;
import vn.gov.lgsp.web.ServiceUnavailableException;

/**
 * Idempotency of the one-stop API: an event id is accepted once; the same event again is the same receipt;
 * the same id with another body, or another event for a step already taken, is a conflict.
 */
@Component
public class InboundEvents {

    static final String PEER = "onestop";

    private final JdbcTemplate jdbc;
    private final EventJson json;
    private final MessageLog messageLog;
    private final Deliveries deliveries;

    public InboundEvents(JdbcTemplate jdbc, EventJson json, MessageLog messageLog, Deliveries deliveries) {
        this.jdbc = jdbc;
        this.json = json;
        this.messageLog = messageLog;
        this.deliveries = deliveries;
    }

    /** What the one-stop system is told. {@code repeated}: this event had been accepted before. */
    public record Receipt(String trackingId, String eventId, boolean repeated) {
    }

    /**
     * An event handed in by a one-stop client; {@code trace}: the W3C trace context of its request (empty with tracing
     * off), carried on to the queue since the event is recorded on another thread.
     */
    public record Submission(DossierEvent event, String caller, Map<String, String> trace) {
    }

    /**
     * What became of a submission: its receipt, or why it was refused (a conflict). An accepted event comes with
     * its canonical text, as it is kept and queued, and the flows it concerns ({@code ,portal,…,}).
     */
    public record Outcome(Submission submission, Receipt receipt, RuntimeException refusal, String canonical, String flows) {
    }

    /**
     * Records the submissions in one transaction (their log entries with them), so that concurrent requests share
     * one commit; each then gets its own outcome.
     */
    public List<Outcome> record(List<Submission> batch) {
        int n = batch.size();
        String[] canonical = new String[n];
        String[] bodyHash = new String[n];
        String[] trackingId = new String[n];
        String[] flows = new String[n];
        List<Object[]> rows = new ArrayList<>(n);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < n; i++) {
            DossierEvent event = batch.get(i).event();
            canonical[i] = json.write(event);
            bodyHash[i] = Hashing.sha256Hex(canonical[i]);
            trackingId[i] = UUID.randomUUID().toString();
            flows[i] = deliveries.routingOf(event);
            Dossier dossier = event.dossier();
            String idNumber = dossier.applicant().idNumber();
            rows.add(new Object[] {event.eventId(), batch.get(i).caller(), event.dossierCode(), event.sequence(),
                    event.status().code(), bodyHash[i], trackingId[i], canonical[i], flows[i], event.occurredAt(), now,
                    dossier.procedureCode(), dossier.agencyCode(), idNumber == null ? null : Hashing.sha256Hex(idNumber),
                    dossier.appointmentAt()});
        }
        boolean[] inserted = new boolean[n];
        messageLog.inTransaction(() -> {
            int[] counts = jdbc.batchUpdate("insert into inbound_event (event_id, client, dossier_code, sequence, status, "
                    + "body_sha256, tracking_id, payload, flows, occurred_at, received_at, procedure_code, agency_code, "
                    + "applicant_id_sha256, appointment_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    + "on conflict do nothing", rows);
            List<PeerExchange> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                DossierEvent event = batch.get(i).event();
                inserted[i] = counts[i] == Statement.SUCCESS_NO_INFO ? isOurs(event.eventId(), trackingId[i]) : counts[i] == 1;
                if (inserted[i]) {
                    entries.add(new PeerExchange(PEER, PeerExchange.Direction.IN, event.dossierCode(), "dossier-event",
                            canonical[i].getBytes(StandardCharsets.UTF_8), "ACCEPTED",
                            "event " + event.eventId() + ", step " + event.sequence() + ", status " + event.status().code()));
                }
            }
            return entries;
        });
        List<Outcome> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Submission s = batch.get(i);
            try {
                outcomes.add(inserted[i]
                        ? new Outcome(s, new Receipt(trackingId[i], s.event().eventId(), false), null, canonical[i], flows[i])
                        : earlier(s, canonical[i], bodyHash[i]));
            } catch (ConflictException | ServiceUnavailableException refused) {
                outcomes.add(new Outcome(s, null, refused, null, null));
            }
        }
        return outcomes;
    }

    private boolean isOurs(String eventId, String trackingId) {
        return trackingId.equals(jdbc.query("select tracking_id from inbound_event where event_id = ?",
                (rs, i) -> rs.getString(1), eventId).stream().findFirst().orElse(null));
    }

    /**
     * An event not recorded now: the same event again (its first receipt, and the flows decided then), a conflict,
     * or, when the row it collided with is not visible yet, the same event still being recorded by a concurrent
     * request (a client that gave up waiting and sent it again): that one is asked to send it again, never refused.
     */
    private Outcome earlier(Submission submission, String canonical, String bodyHash) {
        DossierEvent event = submission.event();
        List<String[]> same = jdbc.query("select body_sha256, tracking_id, flows from inbound_event where event_id = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, event.eventId());
        if (!same.isEmpty()) {
            if (!same.get(0)[0].equals(bodyHash)) {
                throw new ConflictException("event " + event.eventId() + " was accepted earlier with a different body");
            }
            return new Outcome(submission, new Receipt(same.get(0)[1], event.eventId(), true), null, canonical, same.get(0)[2]);
        }
        String holder = jdbc.query("select event_id from inbound_event where dossier_code = ? and sequence = ?",
                (rs, i) -> rs.getString(1), event.dossierCode(), event.sequence()).stream().findFirst().orElse(null);
        if (holder == null) {
            throw new ServiceUnavailableException("event " + event.eventId() + " is being recorded by another request; "
                    + "send it again", null);
        }
        throw new ConflictException("step " + event.sequence() + " of dossier " + event.dossierCode()
                + " is already taken by event " + holder);
    }

    /** The accepted events of a dossier, in step order, for operators. */
    public List<Map<String, Object>> of(String dossierCode) {
        return jdbc.queryForList("select event_id, client, sequence, status, flows, tracking_id, body_sha256, occurred_at, received_at "
                + "from inbound_event where dossier_code = ? order by sequence", dossierCode);
    }
}
