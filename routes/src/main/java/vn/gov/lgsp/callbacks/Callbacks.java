package vn.gov.lgsp.callbacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.config.AccessProperties;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.FollowUps;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * The callback outbox: news of a dossier is numbered in the dossier's callback order and kept in
 * {@code outbound_message} in the commit that decided it, expected by the callback flow (so that its watch queues it
 * again should it never arrive: news decided outside a queue consumer, by a partner's notification or a scheduled
 * job, has no redelivery to bring it back), then put on the callback queue. It goes to the one-stop
 * instance that sent the dossier's events, if that instance has a {@code callback-url}.
 */
@Component
public class Callbacks implements FollowUps {

    static final String PEER = CallbackFlow.PEER;
    private static final String CALLER_PREFIX = "onestop:";

    private final JdbcTemplate jdbc;
    private final PeerSteps steps;
    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final AccessProperties access;
    /** Whether any one-stop client takes callbacks at all; when none does, no delivery looks up a recipient. */
    private final boolean anyRecipient;

    public Callbacks(JdbcTemplate jdbc, PeerSteps steps, ObjectMapper json, ProducerTemplate producer,
                     AccessProperties access) {
        this.jdbc = jdbc;
        this.steps = steps;
        this.json = json;
        this.producer = producer;
        this.access = access;
        this.anyRecipient = access.onestop().clients().values().stream().anyMatch(c -> c.callbackUrl() != null);
    }

    private record Queued(String dossierCode, String callbackId, String payload) {
    }

    @Override
    public Runnable record(String peer, Step step, List<Callback> news) {
        String recipient = news.isEmpty() || !anyRecipient ? null : recipientOf(step.dossierCode());
        if (recipient == null) {
            return () -> { };
        }
        Integer last = jdbc.queryForObject("select coalesce(max(sequence), 0) from outbound_message where peer = ? "
                + "and dossier_code = ?", Integer.class, PEER, step.dossierCode());
        int sequence = last == null ? 0 : last;
        List<Queued> queued = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Callback decided : news) {
            sequence++;
            // Timed as it is numbered: a dossier's callbacks are in the order of their times too, whichever of two
            // flows telling news of one dossier at once commits first (the loser numbers and times its news again).
            Callback callback = decided.at(OffsetDateTime.now(Callback.VIETNAM));
            String payload = write(new OnestopCallback(recipient, sequence, callback));
            // Two flows telling news of one dossier at once race for the number: the loser's whole commit is tried again.
            jdbc.update("insert into outbound_message (id, peer, dossier_code, sequence, recipient, kind, source_peer, "
                            + "source_sequence, payload, created_at) values (?,?,?,?,?,?,?,?,?,?)",
                    callback.callbackId(), PEER, step.dossierCode(), sequence, recipient, callback.kind().name(), peer,
                    step.sequence(), payload, now);
            steps.expect(PEER, new Step(step.dossierCode(), sequence, callback.callbackId(), 0, callback.occurredAt()));
            queued.add(new Queued(step.dossierCode(), callback.callbackId(), payload));
        }
        return () -> queued.forEach(this::send);
    }

    @Override
    public void resend(String peer, String dossierCode, int fromSequence) {
        jdbc.query("select id, payload from outbound_message where dossier_code = ? and source_peer = ? "
                        + "and source_sequence >= ? order by sequence",
                rs -> {
                    send(new Queued(dossierCode, rs.getString(1), rs.getString(2)));
                }, dossierCode, peer, fromSequence);
    }

    /** The dossier's callbacks in order: sent and acknowledged, sent and waiting for an acknowledgement, or waiting. */
    public List<Map<String, Object>> of(String dossierCode) {
        return jdbc.query("select o.id, o.sequence, o.kind, o.recipient, o.source_peer, o.created_at, s.state, s.updated_at "
                        + "from outbound_message o left join peer_step s on s.peer = o.peer and s.dossier_code = o.dossier_code "
                        + "and s.sequence = o.sequence where o.peer = ? and o.dossier_code = ? order by o.sequence",
                (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("callbackId", rs.getString(1));
                    row.put("sequence", rs.getInt(2));
                    row.put("kind", rs.getString(3));
                    row.put("recipient", rs.getString(4));
                    row.put("from", rs.getString(5));
                    row.put("createdAt", rs.getObject(6, OffsetDateTime.class));
                    row.put("state", stateOf(rs.getString(7)));
                    row.put("updatedAt", rs.getObject(8, OffsetDateTime.class));
                    return row;
                }, PEER, dossierCode);
    }

    private static String stateOf(String stepState) {
        if (stepState == null) {
            return "WAITING";
        }
        return switch (stepState) {
            case "HELD" -> "WAITING";
            case "SENDING" -> "SENT";
            case "DELIVERED" -> "ACKNOWLEDGED";
            case "SKIPPED" -> "DISCARDED";
            default -> stepState;
        };
    }

    /** The one-stop instance that sent the dossier's latest event, when it takes callbacks. */
    private String recipientOf(String dossierCode) {
        String caller = jdbc.query("select client from inbound_event where dossier_code = ? order by sequence desc limit 1",
                (rs, i) -> rs.getString(1), dossierCode).stream().findFirst().orElse(null);
        if (caller == null || !caller.startsWith(CALLER_PREFIX)) {
            return null;
        }
        String name = caller.substring(CALLER_PREFIX.length());
        AccessProperties.Client client = access.onestop().clients().get(name);
        return client != null && client.callbackUrl() != null ? name : null;
    }

    /**
     * Puts the callback on its queue, on disk before this returns and outside the sender's own broker transaction:
     * the consumer that recorded it acknowledges its message only afterwards. Sent again, the broker drops it.
     */
    private void send(Queued callback) {
        producer.sendBodyAndHeaders(Queues.ownCommit(Queues.CALLBACKS), callback.payload(), Map.of(
                MessageHeaders.GROUP_ID, callback.dossierCode(),
                MessageHeaders.DUPLICATE_ID, "callback-" + callback.callbackId()));
    }

    private String write(OnestopCallback callback) {
        try {
            return json.writeValueAsString(callback);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise callback " + callback.callback().callbackId(), e);
        }
    }
}
