package vn.gov.lgsp.ledger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.delivery.Step;

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

    /** What {@link #hold} found. */
    public enum Hold {
        /** The step is next in line and this caller is the one sending it: nobody has tried before. */
        CLAIMED,
        /** The step waits for its turn, or someone else has it in hand. */
        WAITING,
        /** The step was settled before (delivered, parked or discarded): the message is a repeat. */
        SETTLED
    }

    /** Where the messages of a flow's steps are kept, once, whatever their state at the peer. */
    public enum Source {
        /** Dossier events from the one-stop software ({@code inbound_event}). */
        DOSSIER_EVENTS("inbound_event e on e.event_id = s.event_id",
                "select 1 from inbound_event x where x.dossier_code = d.dossier_code and x.sequence = d.delivered_sequence + 1",
                "select payload from inbound_event where dossier_code = ? and sequence = ? and flows like ?"),
        /** Messages the middleware made for the peer ({@code outbound_message}), numbered per dossier. */
        OUTBOUND_MESSAGES("outbound_message e on e.id = s.event_id",
                "select 1 from outbound_message x where x.peer = d.peer and x.dossier_code = d.dossier_code "
                        + "and x.sequence = d.delivered_sequence + 1",
                "select payload from outbound_message where dossier_code = ? and sequence = ? and peer = ?");

        private final String join;
        private final String nextAccepted;
        private final String accepted;

        Source(String join, String nextAccepted, String accepted) {
            this.join = join;
            this.nextAccepted = nextAccepted;
            this.accepted = accepted;
        }
    }

    /**
     * The step due next for a dossier at a peer, with what the peer already has: its last delivered status and
     * when the dossier reached "processed" and "result returned" there (null until it has).
     */
    public record NextStep(int sequence, State state, int deliveredSequence, Integer deliveredStatus,
                           boolean knownAtPeer, OffsetDateTime processedAt, OffsetDateTime resultReturnedAt) {
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

    /** What a flow's consumer records of a step in a shared commit: that it arrived, or that its peer has it. */
    public sealed interface Change permits Arrival, Delivered {
    }

    /** A step that reached its peer's flow. */
    public record Arrival(String peer, Step step) implements Change {
    }

    /** A step the peer acknowledged, with the exchanges that delivered it and what else its commit records. */
    public record Delivered(String peer, Step step, List<PeerExchange> exchanges, Runnable alsoRecord) implements Change {
    }

    /**
     * Records the changes of several consumers, of every flow, in one commit: first the steps delivered
     * ({@link #markDelivered}), then the steps arrived ({@link #hold}), an order in which two commits of their own
     * could have come too. For each change, in order, what an arrival found (null for a delivery).
     */
    public List<Hold> record(List<Change> changes) {
        List<Delivered> delivered = changes.stream().filter(Delivered.class::isInstance).map(Delivered.class::cast).toList();
        List<Arrival> arrivals = changes.stream().filter(Arrival.class::isInstance).map(Arrival.class::cast).toList();
        AtomicReference<List<Hold>> found = new AtomicReference<>(List.of());
        messageLog.inTransaction(() -> {
            List<PeerExchange> exchanges = delivered.isEmpty() ? List.of() : markDelivered(delivered);
            found.set(arrivals.isEmpty() ? List.of() : hold(arrivals));
            return exchanges;
        });
        Iterator<Hold> holds = found.get().iterator();
        List<Hold> outcomes = new ArrayList<>(changes.size());
        changes.forEach(c -> outcomes.add(c instanceof Arrival ? holds.next() : null));
        return outcomes;
    }

    /**
     * Records each step as waiting (a step already recorded, a redelivery or a replay, is left as it is) and, when it
     * is its dossier's next step, claims it for sending; what each found, in order.
     */
    private List<Hold> hold(List<Arrival> arrivals) {
        OffsetDateTime now = now();
        List<Arrival> ordered = inLockOrder(arrivals, a -> a.peer() + '|' + a.step().dossierCode());
        // Statement by statement for all the steps: the same outcome as step by step, since a claim depends only
        // on the dossier's position, which holding steps never moves.
        int[] inserted = counts(jdbc.batchUpdate("insert into peer_step (peer, dossier_code, sequence, event_id, "
                + "status, occurred_at, state, held_since, updated_at) values (?,?,?,?,?,?,?,?,?) on conflict do nothing",
                ordered.stream().map(a -> new Object[] {a.peer(), a.step().dossierCode(), a.step().sequence(),
                    a.step().messageId(), a.step().status(), a.step().occurredAt(), State.HELD.name(), now, now}).toList()));
        jdbc.batchUpdate("insert into peer_dossier (peer, dossier_code, known_at_peer, delivered_sequence, updated_at) "
                + "values (?,?,false,0,?) on conflict do nothing", ordered.stream()
                .map(a -> new Object[] {a.peer(), a.step().dossierCode(), now}).toList());
        int[] claimed = counts(jdbc.batchUpdate("update peer_step set state = ?, updated_at = ? where peer = ? "
                + "and dossier_code = ? and sequence = ? and state = ? and event_id = ? and sequence = "
                + "(select d.delivered_sequence + 1 from peer_dossier d where d.peer = ? and d.dossier_code = ?)",
                ordered.stream().map(a -> new Object[] {State.SENDING.name(), now, a.peer(), a.step().dossierCode(),
                    a.step().sequence(), State.HELD.name(), a.step().messageId(), a.peer(), a.step().dossierCode()})
                        .toList()));
        Map<Arrival, Hold> found = new IdentityHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            found.put(ordered.get(i), claimed[i] == 1 ? Hold.CLAIMED
                    : inserted[i] == 0 && settled(ordered.get(i)) ? Hold.SETTLED : Hold.WAITING);
        }
        return arrivals.stream().map(found::get).toList();
    }

    /** A step recorded before that is no longer waiting or being sent: delivered, parked or discarded. */
    private boolean settled(Arrival a) {
        String state = jdbc.queryForObject("select state from peer_step where peer = ? and dossier_code = ? and sequence = ?",
                String.class, a.peer(), a.step().dossierCode(), a.step().sequence());
        return !State.HELD.name().equals(state) && !State.SENDING.name().equals(state);
    }

    /** Update counts of a batch; a driver that does not report them would make every claim uncertain. */
    private static int[] counts(int[] counts) {
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalStateException("the JDBC driver did not report update counts of a batch");
            }
        }
        return counts;
    }

    /**
     * {@code items} in one order of the rows they lock, so that two transactions that change several dossiers' rows
     * never wait for each other in a circle (PostgreSQL would end one as a deadlock).
     */
    private static <T> List<T> inLockOrder(List<T> items, Function<T, String> row) {
        List<T> ordered = new ArrayList<>(items);
        ordered.sort(Comparator.comparing(row));
        return ordered;
    }

    /**
     * Records a message the middleware made for the peer as expected, in the transaction that made it: its flow's
     * watch can then tell when it never reached the queue ({@link #lostNextSteps}), even when it is the last one.
     */
    public void expect(String peer, Step step) {
        OffsetDateTime now = now();
        jdbc.update("insert into peer_step (peer, dossier_code, sequence, event_id, status, occurred_at, state, held_since, "
                        + "updated_at) values (?,?,?,?,?,?,?,?,?) on conflict do nothing", peer, step.dossierCode(),
                step.sequence(), step.messageId(), step.status(), step.occurredAt(), State.HELD.name(), now, now);
        jdbc.update("insert into peer_dossier (peer, dossier_code, known_at_peer, delivered_sequence, updated_at) "
                + "values (?,?,false,0,?) on conflict do nothing", peer, step.dossierCode(), now);
    }

    /**
     * Steps that are next in line and have waited since before {@code cutoff} without any consumer taking them up: a
     * consumer that received their message would have claimed them, so their message was lost on its way.
     */
    public List<Gap> lostNextSteps(String peer, Duration timeout) {
        return jdbc.query("select s.dossier_code, s.sequence, s.held_since from peer_step s join peer_dossier d "
                        + "on d.peer = s.peer and d.dossier_code = s.dossier_code and s.sequence = d.delivered_sequence + 1 "
                        + "where s.peer = ? and s.state = ? and s.held_since < ?",
                (rs, i) -> new Gap(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class)),
                peer, State.HELD.name(), now().minus(timeout));
    }

    /** A lost step was queued again: it counts as waiting from now, so that it is queued again only if lost again. */
    public void waitAgain(String peer, String dossierCode, int sequence) {
        jdbc.update("update peer_step set held_since = ? where peer = ? and dossier_code = ? and sequence = ? and state = ?",
                now(), peer, dossierCode, sequence, State.HELD.name());
    }

    /** The step right after the last delivered one, if it has arrived. */
    public Optional<NextStep> next(String peer, String dossierCode) {
        return jdbc.query("select s.sequence, s.state, d.delivered_sequence, d.delivered_status, d.known_at_peer, "
                        + "d.processed_at, d.result_returned_at "
                        + "from peer_dossier d join peer_step s on s.peer = d.peer and s.dossier_code = d.dossier_code "
                        + "and s.sequence = d.delivered_sequence + 1 where d.peer = ? and d.dossier_code = ?",
                (rs, i) -> new NextStep(rs.getInt(1), State.valueOf(rs.getString(2)), rs.getInt(3),
                        (Integer) rs.getObject(4), rs.getBoolean(5), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class)),
                peer, dossierCode).stream().findFirst();
    }

    /**
     * Moves the peer's position over the dossier's accepted steps that do not concern it (a flow fed by only some
     * events), up to the first step that does or that has not been accepted yet.
     *
     * @return whether the position moved
     */
    public boolean passOver(String peer, String dossierCode) {
        Integer position = jdbc.query("select delivered_sequence from peer_dossier where peer = ? and dossier_code = ?",
                (rs, i) -> rs.getInt(1), peer, dossierCode).stream().findFirst().orElse(null);
        if (position == null) {
            return false;
        }
        String mark = "," + peer + ",";
        int[] reached = {position};
        jdbc.query("select sequence, flows from inbound_event where dossier_code = ? and sequence > ? order by sequence",
                rs -> {
                    if (rs.getInt(1) == reached[0] + 1 && !rs.getString(2).contains(mark)) {
                        reached[0]++;
                    }
                }, dossierCode, position);
        return reached[0] > position && jdbc.update("update peer_dossier set delivered_sequence = ?, updated_at = ? "
                + "where peer = ? and dossier_code = ? and delivered_sequence = ?", reached[0], now(), peer, dossierCode,
                position) == 1;
    }

    /** Dossiers whose next step at the peer was accepted, does not concern it, and holds back later steps. */
    public List<String> waitingOnPassedSteps(String peer) {
        return jdbc.queryForList("select distinct d.dossier_code from peer_dossier d join peer_step s on s.peer = d.peer "
                + "and s.dossier_code = d.dossier_code and s.sequence > d.delivered_sequence + 1 and s.state = ? "
                + "join inbound_event e on e.dossier_code = d.dossier_code and e.sequence = d.delivered_sequence + 1 "
                + "where d.peer = ? and e.flows not like ?", String.class, State.HELD.name(), peer, "%," + peer + ",%");
    }

    public void markSending(String peer, String dossierCode, int sequence) {
        setState(peer, dossierCode, sequence, State.SENDING);
    }

    /**
     * The steps reached their peers: each is delivered, its peer's position (and milestone, if the step is one) moves
     * to it, and its {@code alsoRecord} writes what follows from it; returns the exchanges that delivered them, for
     * the message log in the same transaction.
     */
    private List<PeerExchange> markDelivered(List<Delivered> delivered) {
        List<Delivered> ordered = inLockOrder(delivered, d -> d.peer() + '|' + d.step().dossierCode());
        OffsetDateTime now = now();
        jdbc.batchUpdate("update peer_step set state = ?, updated_at = ? where peer = ? and dossier_code = ? "
                + "and sequence = ?", ordered.stream().map(d -> new Object[] {State.DELIVERED.name(), now, d.peer(),
                    d.step().dossierCode(), d.step().sequence()}).toList());
        // A step that is a milestone moves its date too: one statement for each kind of step.
        Map<String, List<Object[]>> positions = new LinkedHashMap<>();
        for (Delivered d : ordered) {
            Step step = d.step();
            String milestone = step.status() == DossierStatus.PROCESSED.code() ? ", processed_at = ?"
                    : step.status() == DossierStatus.RESULT_RETURNED.code() ? ", result_returned_at = ?" : "";
            List<Object> args = new ArrayList<>(List.of(step.sequence(), step.status(), now));
            if (!milestone.isEmpty()) {
                args.add(step.occurredAt());
            }
            args.addAll(List.of(d.peer(), step.dossierCode()));
            positions.computeIfAbsent(milestone, m -> new ArrayList<>()).add(args.toArray());
        }
        positions.forEach((milestone, args) -> jdbc.batchUpdate("update peer_dossier set known_at_peer = true, "
                + "delivered_sequence = ?, delivered_status = ?, updated_at = ?" + milestone
                + " where peer = ? and dossier_code = ?", args));
        List<PeerExchange> exchanges = new ArrayList<>();
        for (Delivered d : ordered) {
            d.alsoRecord().run();
            exchanges.addAll(d.exchanges());
        }
        return exchanges;
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

    /** Moves the peer's position past a step that can never come, if it still waits right before it. */
    public void passOverMissing(String peer, String dossierCode, int missingSequence) {
        jdbc.update("update peer_dossier set delivered_sequence = ?, updated_at = ? where peer = ? and dossier_code = ? "
                + "and delivered_sequence = ?", missingSequence, now(), peer, dossierCode, missingSequence - 1);
    }

    /**
     * Dossiers whose next step never reached the middleware while later steps have waited longer than
     * {@code timeout}. A step that was accepted but is still on its way (a queue waiting out a peer's outage)
     * is not missing.
     */
    public List<Gap> gapsOlderThan(String peer, Source source, Duration timeout) {
        return jdbc.query("select d.dossier_code, d.delivered_sequence + 1, min(s.held_since) from peer_dossier d "
                        + "join peer_step s on s.peer = d.peer and s.dossier_code = d.dossier_code "
                        + "where d.peer = ? and s.state = ? and s.sequence > d.delivered_sequence + 1 "
                        + "and not exists (" + source.nextAccepted + ") "
                        + "group by d.dossier_code, d.delivered_sequence having min(s.held_since) < ?",
                (rs, i) -> new Gap(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class)),
                peer, State.HELD.name(), now().minus(timeout));
    }

    /**
     * Dossiers whose next step was accepted for the peer but has not reached its flow while later steps have waited
     * longer than {@code timeout}: its message was lost on the way (a crash between two commits), or waits behind
     * an outage longer than that.
     */
    public List<Gap> strandedOlderThan(String peer, Source source, Duration timeout) {
        return jdbc.query("select d.dossier_code, d.delivered_sequence + 1, min(s.held_since) from peer_dossier d "
                        + "join peer_step s on s.peer = d.peer and s.dossier_code = d.dossier_code "
                        + "where d.peer = ? and s.state = ? and s.sequence > d.delivered_sequence + 1 "
                        + "and exists (" + source.nextAccepted + ") and not exists (select 1 from peer_step n "
                        + "where n.peer = d.peer and n.dossier_code = d.dossier_code and n.sequence = d.delivered_sequence + 1) "
                        + "group by d.dossier_code, d.delivered_sequence having min(s.held_since) < ?",
                (rs, i) -> new Gap(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class)),
                peer, State.HELD.name(), now().minus(timeout));
    }

    /** The message of the dossier's step {@code sequence} for the peer, as accepted, whether or not it reached the flow. */
    public Optional<String> acceptedPayload(String peer, Source source, String dossierCode, int sequence) {
        // An event is the flow's when its routing mark names the flow; a message the middleware made, when it was made for it.
        String ours = source == Source.DOSSIER_EVENTS ? "%," + peer + ",%" : peer;
        return jdbc.queryForList(source.accepted, String.class, dossierCode, sequence, ours).stream().findFirst();
    }

    /** Steps of the dossier that are waiting (held) behind the missing one. */
    public List<Integer> heldSequences(String peer, String dossierCode) {
        return jdbc.queryForList("select sequence from peer_step where peer = ? and dossier_code = ? and state = ? "
                + "order by sequence", Integer.class, peer, dossierCode, State.HELD.name());
    }

    /** The step's message, as its flow's queue carries it. */
    public String payload(String peer, Source source, String dossierCode, int sequence) {
        return jdbc.queryForObject("select e.payload from peer_step s join " + source.join
                + " where s.peer = ? and s.dossier_code = ? and s.sequence = ?", String.class, peer, dossierCode, sequence);
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
