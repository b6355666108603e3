package vn.gov.lgsp.intake;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.config.EventJson;
import vn.gov.lgsp.config.Hashing;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.web.ConflictException;

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

    public InboundEvents(JdbcTemplate jdbc, EventJson json, MessageLog messageLog) {
        this.jdbc = jdbc;
        this.json = json;
        this.messageLog = messageLog;
    }

    /** What the one-stop system is told. {@code repeated}: this event had been accepted before. */
    public record Receipt(String trackingId, String eventId, boolean repeated) {
    }

    public Receipt record(DossierEvent event, @Header(DossierIntakeRoute.CALLER) String caller) {
        String canonical = json.write(event);
        String bodyHash = Hashing.sha256Hex(canonical);
        String trackingId = UUID.randomUUID().toString();
        boolean[] inserted = {false};
        // The event and its log entry are one commit: one write of the ledger per accepted event.
        messageLog.inTransaction(() -> {
            inserted[0] = jdbc.update("insert into inbound_event (event_id, client, dossier_code, sequence, status, "
                            + "body_sha256, tracking_id, payload, occurred_at, received_at) values (?,?,?,?,?,?,?,?,?,?) "
                            + "on conflict do nothing",
                    event.eventId(), caller, event.dossierCode(), event.sequence(), event.status().code(), bodyHash,
                    trackingId, canonical, event.occurredAt(), OffsetDateTime.now(ZoneOffset.UTC)) == 1;
            return inserted[0] ? List.of(new PeerExchange(PEER, PeerExchange.Direction.IN, event.dossierCode(),
                    "dossier-event", canonical.getBytes(StandardCharsets.UTF_8), "ACCEPTED",
                    "event " + event.eventId() + ", step " + event.sequence() + ", status " + event.status().code()))
                    : List.of();
        });
        if (inserted[0]) {
            return new Receipt(trackingId, event.eventId(), false);
        }
        List<String[]> same = jdbc.query("select body_sha256, tracking_id from inbound_event where event_id = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, event.eventId());
        if (!same.isEmpty()) {
            if (!same.get(0)[0].equals(bodyHash)) {
                throw new ConflictException("event " + event.eventId() + " was accepted earlier with a different body");
            }
            return new Receipt(same.get(0)[1], event.eventId(), true);
        }
        String holder = jdbc.query("select event_id from inbound_event where dossier_code = ? and sequence = ?",
                (rs, i) -> rs.getString(1), event.dossierCode(), event.sequence()).stream().findFirst().orElse("another event");
        throw new ConflictException("step " + event.sequence() + " of dossier " + event.dossierCode()
                + " is already taken by event " + holder);
    }

    /** The accepted events of a dossier, in step order, for operators. */
    public List<Map<String, Object>> of(String dossierCode) {
        return jdbc.queryForList("select event_id, client, sequence, status, tracking_id, occurred_at, received_at "
                + "from inbound_event where dossier_code = ? order by sequence", dossierCode);
    }
}
