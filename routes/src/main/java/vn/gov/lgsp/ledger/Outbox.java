package vn.gov.lgsp.ledger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.Step;

/**
 * Messages the middleware makes for a peer flow (callbacks to the one-stop software, packages for ministries):
 * numbered in the dossier's order at that peer and kept in {@code outbound_message} in the commit that decided them,
 * expected by the peer's flow (so that its watch queues one again should it never arrive: a message decided outside
 * a queue consumer has no redelivery to bring it back), then put on the flow's queue.
 */
@Component
public class Outbox {

    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);

    private final JdbcTemplate jdbc;
    private final PeerSteps steps;
    private final ProducerTemplate producer;

    public Outbox(JdbcTemplate jdbc, PeerSteps steps, ProducerTemplate producer) {
        this.jdbc = jdbc;
        this.steps = steps;
        this.producer = producer;
    }

    /** A message kept for its flow, ready to be queued once the commit that made it is done. */
    public record Made(String peer, String queue, String dossierCode, String id, String payload) {
    }

    /** The message as its queue carries it, given its number and the time it was numbered at. */
    @FunctionalInterface
    public interface Payload {
        String of(int sequence, OffsetDateTime numberedAt);
    }

    /**
     * Keeps the message, next in the dossier's order at {@code peer}, in the caller's transaction. Two writers of one
     * dossier's messages at once race for the number: the loser's whole commit must be tried again. The message is
     * timed after its number is taken, so that a dossier's messages are in the order of their times too: a message
     * numbered before it was committed before this one read the number, so it was timed earlier.
     */
    public Made add(String peer, String queue, String dossierCode, String id, String recipient, String kind,
                    String sourcePeer, int sourceSequence, Payload payloadFor) {
        Integer last = jdbc.queryForObject("select coalesce(max(sequence), 0) from outbound_message where peer = ? "
                + "and dossier_code = ?", Integer.class, peer, dossierCode);
        int sequence = (last == null ? 0 : last) + 1;
        OffsetDateTime occurredAt = OffsetDateTime.now(VIETNAM);
        String payload = payloadFor.of(sequence, occurredAt);
        jdbc.update("insert into outbound_message (id, peer, dossier_code, sequence, recipient, kind, source_peer, "
                        + "source_sequence, payload, created_at) values (?,?,?,?,?,?,?,?,?,?)",
                id, peer, dossierCode, sequence, recipient, kind, sourcePeer, sourceSequence, payload,
                OffsetDateTime.now(ZoneOffset.UTC));
        steps.expect(peer, new Step(dossierCode, sequence, id, 0, occurredAt));
        return new Made(peer, queue, dossierCode, id, payload);
    }

    /** The messages made for {@code peer} from the source peer's steps from {@code fromSequence} on, in order. */
    public List<Made> madeFrom(String peer, String queue, String dossierCode, String sourcePeer, int fromSequence) {
        return jdbc.query("select id, payload from outbound_message where peer = ? and dossier_code = ? and source_peer = ? "
                        + "and source_sequence >= ? order by sequence",
                (rs, i) -> new Made(peer, queue, dossierCode, rs.getString(1), rs.getString(2)),
                peer, dossierCode, sourcePeer, fromSequence);
    }

    /**
     * Puts the message on its queue, on disk before this returns and outside the sender's own broker transaction:
     * a consumer that made it acknowledges its own message only afterwards. Sent again, the broker drops it.
     */
    public void send(Made made) {
        producer.sendBodyAndHeaders(Queues.ownCommit(made.queue()), made.payload(), Map.of(
                MessageHeaders.GROUP_ID, made.dossierCode(),
                MessageHeaders.DUPLICATE_ID, made.peer() + "-" + made.id()));
    }
}
