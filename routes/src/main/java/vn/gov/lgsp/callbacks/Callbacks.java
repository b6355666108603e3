package vn.gov.lgsp.callbacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.config.AccessProperties;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.FollowUps;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.Outbox;

/**
 * News of a dossier for the one-stop software: kept in the {@link Outbox} in the dossier's callback order, in the
 * commit that decided it, then put on the callback queue. It goes to the one-stop instance that sent the dossier's
 * events, if that instance has a {@code callback-url}.
 */
@Component
public class Callbacks implements FollowUps {

    static final String PEER = CallbackFlow.PEER;
    private static final String CALLER_PREFIX = "onestop:";

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final AccessProperties access;
    /** Whether any one-stop client takes callbacks at all; when none does, no delivery looks up a recipient. */
    private final boolean anyRecipient;

    public Callbacks(JdbcTemplate jdbc, Outbox outbox, ObjectMapper json, AccessProperties access) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.access = access;
        this.anyRecipient = access.onestop().clients().values().stream().anyMatch(c -> c.callbackUrl() != null);
    }

    @Override
    public Runnable record(String peer, Step step, List<Callback> news) {
        String recipient = news.isEmpty() || !anyRecipient ? null : recipientOf(step.dossierCode());
        if (recipient == null) {
            return () -> { };
        }
        List<Outbox.Made> made = new ArrayList<>();
        for (Callback decided : news) {
            // Timed as it is numbered: a dossier's callbacks are in the order of their times too, whichever of two
            // flows telling news of one dossier at once commits first (the loser numbers and times its news again).
            made.add(outbox.add(PEER, Queues.CALLBACKS, step.dossierCode(), decided.callbackId(), recipient,
                    decided.kind().name(), peer, step.sequence(),
                    (sequence, at) -> write(new OnestopCallback(recipient, sequence, decided.at(at)))));
        }
        return () -> made.forEach(outbox::send);
    }

    @Override
    public void resend(String peer, String dossierCode, int fromSequence) {
        outbox.madeFrom(PEER, Queues.CALLBACKS, dossierCode, peer, fromSequence).forEach(outbox::send);
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

    private String write(OnestopCallback callback) {
        try {
            return json.writeValueAsString(callback);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise callback " + callback.callback().callbackId(), e);
        }
    }
}
