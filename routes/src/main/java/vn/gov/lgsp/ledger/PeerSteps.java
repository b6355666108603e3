package vn.gov.lgsp.ledger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.PeerExchange;

/**
 * The processing steps of each dossier on their way to each peer, and how far each peer has got. A step is
 * sent only when every earlier step of its dossier has been delivered (or discarded by an operator): this
 * table, not the queue, decides the order, so it holds with any number of consumers and nodes.
 */
@Component
public class PeerSteps {

    public enum State {
        /** Waiting for its turn. */
        HELD,
        /** A call was started: the peer may have it even though we never saw the answer. */
        SENDING,
        DELIVERED,
        /** Waiting for an operator. */
        PARKED,
        /** Discarded by an operator. */
        SKIPPED
    }

    /**
     * The step due next for a dossier at a peer, with what the peer already has: its last delivered status and
     * when the dossier reached "processed" and "result returned" there (null until it has).
     */
    public record NextStep(int sequence, State state, String payload, int deliveredSequence,
                           Integer deliveredStatus, boolean knownAtPeer, OffsetDateTime processedAt,
                           OffsetDateTime resultReturnedAt) {
    }

    /** A step that has waited too long for a missing predecessor. */
    public record Gap(String dossierCode, int missingSequence, OffsetDateTime waitingSince) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MessageLog messageLog;

    public PeerSteps(JdbcTemplate jdbc, TransactionTemplate tx, MessageLog messageLog) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.messageLog = messageLog;
    }

    /**
     * Records the step as waiting (a step already recorded, a redelivery or a replay, is left as it is) and, when it
     * is the dossier's next step, claims it for sending in the same commit.
     *
     * @return whether this call claimed the step: the caller is the one sending it, nobody has tried before
     */
    public boolean hold(String peer, DossierEvent event) {
        OffsetDateTime now = now();
        return Boolean.TRUE.equals(tx.execute(t -> {
            jdbc.update("insert into peer_step (peer, dossier_code, sequence, event_id, status, occurred_at, state, "
                            + "held_since, updated_at) values (?,?,?,?,?,?,?,?,?) on conflict do nothing",
                    peer, event.dossierCode(), event.sequence(), event.eventId(), event.status().code(),
                    event.occurredAt(), State.HELD.name(), now, now);
            jdbc.update("insert into peer_dossier (peer, dossier_code, known_at_peer, delivered_sequence, updated_at) "
                    + "values (?,?,false,0,?) on conflict do nothing", peer, event.dossierCode(), now);
            return jdbc.update("update peer_step set state = ?, updated_at = ? where peer = ? and dossier_code = ? "
                            + "and sequence = ? and state = ? and event_id = ? and sequence = (select d.delivered_sequence + 1 "
                            + "from peer_dossier d where d.peer = ? and d.dossier_code = ?)",
                    State.SENDING.name(), now, peer, event.dossierCode(), event.sequence(), State.HELD.name(),
                    event.eventId(), peer, event.dossierCode()) == 1;
        }));
    }

    /** The step right after the last delivered one, if it has arrived. */
    public Optional<NextStep> next(String peer, String dossierCode) {
        return jdbc.query("select s.sequence, s.state, e.payload, d.delivered_sequence, d.delivered_status, d.known_at_peer, "
                        + "d.processed_at, d.result_returned_at "
                        + "from peer_dossier d join peer_step s on s.peer = d.peer and s.dossier_code = d.dossier_code "
                        + "and s.sequence = d.delivered_sequence + 1 join inbound_event e on e.event_id = s.event_id "
                        + "where d.peer = ? and d.dossier_code = ?",
                (rs, i) -> new NextStep(rs.getInt(1), State.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                        (Integer) rs.getObject(5), rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class),
                        rs.getObject(8, OffsetDateTime.class)),
                peer, dossierCode).stream().findFirst();
    }

    public void markSending(String peer, String dossierCode, int sequence) {
        setState(peer, dossierCode, sequence, State.SENDING);
    }

    /**
     * The step reached the peer: it is delivered, the peer's position (and milestone, if the step is one) moves to
     * it, and the exchanges that delivered it join the message log, all in one transaction.
     */
    public void markDelivered(String peer, DossierEvent step, List<PeerExchange> exchanges) {
        String milestone = switch (step.status()) {
            case PROCESSED -> ", processed_at = ?";
            case RESULT_RETURNED -> ", result_returned_at = ?";
            default -> "";
        };
        List<Object> args = new ArrayList<>(List.of(step.sequence(), step.status().code(), now()));
        if (!milestone.isEmpty()) {
            args.add(step.occurredAt());
        }
        args.addAll(List.of(peer, step.dossierCode()));
        messageLog.inTransaction(() -> {
            setState(peer, step.dossierCode(), step.sequence(), State.DELIVERED);
            jdbc.update("update peer_dossier set known_at_peer = true, delivered_sequence = ?, delivered_status = ?, "
                    + "updated_at = ?" + milestone + " where peer = ? and dossier_code = ?", args.toArray());
            return exchanges;
        });
    }

    public void markParked(String peer, String dossierCode, int sequence) {
        setState(peer, dossierCode, sequence, State.PARKED);
    }

    /** Parks the step only if it is still waiting; false when a consumer took it up meanwhile. */
    public boolean parkIfHeld(String peer, String dossierCode, int sequence) {
        return jdbc.update("update peer_step set state = ?, updated_at = ? where peer = ? and dossier_code = ? "
                + "and sequence = ? and state = ?", State.PARKED.name(), now(), peer, dossierCode, sequence,
                State.HELD.name()) == 1;
    }

    /** An operator replays a parked step: it waits for its turn again. */
    public void unpark(String peer, String dossierCode, int sequence) {
        jdbc.update("update peer_step set state = ?, held_since = ?, updated_at = ? where peer = ? and dossier_code = ? "
                + "and sequence = ? and state = ?", State.HELD.name(), now(), now(), peer, dossierCode, sequence, State.PARKED.name());
    }

    /** An operator discards a parked step: it is passed over, and if it was next the peer's position moves past it. */
    public void skip(String peer, String dossierCode, int sequence) {
        tx.executeWithoutResult(t -> {
            setState(peer, dossierCode, sequence, State.SKIPPED);
            jdbc.update("update peer_dossier set delivered_sequence = ?, updated_at = ? where peer = ? and dossier_code = ? "
                    + "and delivered_sequence = ?", sequence, now(), peer, dossierCode, sequence - 1);
        });
        // Later steps discarded while this one was pending are passed over as well.
        while (jdbc.update("update peer_dossier d set delivered_sequence = delivered_sequence + 1, updated_at = ? "
                + "where peer = ? and dossier_code = ? and exists (select 1 from peer_step s where s.peer = d.peer "
                + "and s.dossier_code = d.dossier_code and s.sequence = d.delivered_sequence + 1 and s.state = ?)",
                now(), peer, dossierCode, State.SKIPPED.name()) > 0) {
            // moved one step on
        }
    }

    /**
     * Dossiers whose next step never reached the middleware while later steps have waited longer than
     * {@code timeout}. A step that was accepted but is still on its way (a queue waiting out a peer's outage)
     * is not missing.
     */
    public List<Gap> gapsOlderThan(String peer, Duration timeout) {
        return jdbc.query("select d.dossier_code, d.delivered_sequence + 1, min(s.held_since) from peer_dossier d "
                        + "join peer_step s on s.peer = d.peer and s.dossier_code = d.dossier_code "
                        + "where d.peer = ? and s.state = ? and s.sequence > d.delivered_sequence + 1 "
                        + "and not exists (select 1 from inbound_event e where e.dossier_code = d.dossier_code "
                        + "and e.sequence = d.delivered_sequence + 1) "
                        + "group by d.dossier_code, d.delivered_sequence having min(s.held_since) < ?",
                (rs, i) -> new Gap(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class)),
                peer, State.HELD.name(), now().minus(timeout));
    }

    /** Steps of the dossier that are waiting (held) behind the missing one. */
    public List<Integer> heldSequences(String peer, String dossierCode) {
        return jdbc.queryForList("select sequence from peer_step where peer = ? and dossier_code = ? and state = ? "
                + "order by sequence", Integer.class, peer, dossierCode, State.HELD.name());
    }

    public String payload(String peer, String dossierCode, int sequence) {
        return jdbc.queryForObject("select e.payload from peer_step s join inbound_event e on e.event_id = s.event_id "
                + "where s.peer = ? and s.dossier_code = ? and s.sequence = ?", String.class, peer, dossierCode, sequence);
    }

    /** A view of one dossier at every peer, for operators. */
    public List<Map<String, Object>> stepsOf(String dossierCode) {
        return jdbc.queryForList("select peer, sequence, status, state, occurred_at, held_since, updated_at from peer_step "
                + "where dossier_code = ? order by peer, sequence", dossierCode);
    }

    public List<Map<String, Object>> peersOf(String dossierCode) {
        return jdbc.queryForList("select peer, known_at_peer, delivered_sequence, delivered_status, updated_at "
                + "from peer_dossier where dossier_code = ? order by peer", dossierCode);
    }

    private void setState(String peer, String dossierCode, int sequence, State state) {
        jdbc.update("update peer_step set state = ?, updated_at = ? where peer = ? and dossier_code = ? and sequence = ?",
                state.name(), now(), peer, dossierCode, sequence);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
