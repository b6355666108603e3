package vn.gov.lgsp.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.config.Hashing;

/**
 * Every message exchanged with a peer, per dossier, hash-chained: each entry's hash covers its fields and the
 * previous entry's hash, so an edited, inserted or removed entry breaks the chain from there on.
 * Chains are per dossier, so that writers of different dossiers never wait for each other.
 */
@Component
public class MessageLog implements PeerExchange.Journal {

    static final String GENESIS = "0".repeat(64);
    private static final int MAX_DETAIL = 1000;

    private final JdbcTemplate jdbc;

    public MessageLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An entry as stored. */
    public record Entry(int position, Instant loggedAt, String direction, String peer, String operation,
                        String payloadSha256, String outcome, String detail, String previousHash, String entryHash) {
    }

    /** The dossier's log and whether its chain is intact. */
    public record Chain(List<Entry> entries, boolean intact, Integer brokenAt) {
    }

    @Override
    public void record(PeerExchange exchange) {
        String payloadHash = Hashing.sha256Hex(exchange.payload() == null ? new byte[0] : exchange.payload());
        String detail = exchange.detail() == null || exchange.detail().length() <= MAX_DETAIL
                ? exchange.detail() : exchange.detail().substring(0, MAX_DETAIL);
        // Two writers of one dossier may race for the next position; the primary key lets one win, the other retries.
        for (int attempt = 1; ; attempt++) {
            List<Object[]> last = jdbc.query(
                    "select position, entry_hash from message_log where dossier_code = ? order by position desc limit 1",
                    (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2)}, exchange.dossierCode());
            int position = last.isEmpty() ? 1 : (Integer) last.get(0)[0] + 1;
            String previous = last.isEmpty() ? GENESIS : (String) last.get(0)[1];
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Entry entry = new Entry(position, now, exchange.direction().name(), exchange.peer(), exchange.operation(),
                    payloadHash, exchange.outcome(), detail, previous, null);
            try {
                jdbc.update("insert into message_log (dossier_code, position, logged_at, direction, peer, operation, "
                                + "payload_sha256, outcome, detail, previous_hash, entry_hash) values (?,?,?,?,?,?,?,?,?,?,?)",
                        exchange.dossierCode(), position, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), entry.direction(),
                        entry.peer(), entry.operation(), payloadHash, entry.outcome(), detail, previous,
                        hash(exchange.dossierCode(), entry));
                return;
            } catch (DuplicateKeyException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The dossier's entries in order, each hash recomputed and checked against its neighbour. */
    public Chain chain(String dossierCode) {
        List<Entry> entries = jdbc.query("select * from message_log where dossier_code = ? order by position",
                (rs, i) -> new Entry(rs.getInt("position"), rs.getObject("logged_at", OffsetDateTime.class).toInstant(),
                        rs.getString("direction"), rs.getString("peer"), rs.getString("operation"),
                        rs.getString("payload_sha256"), rs.getString("outcome"), rs.getString("detail"),
                        rs.getString("previous_hash"), rs.getString("entry_hash")),
                dossierCode);
        String previous = GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.position() != i + 1 || !e.previousHash().equals(previous) || !e.entryHash().equals(hash(dossierCode, e))) {
                return new Chain(entries, false, i + 1);
            }
            previous = e.entryHash();
        }
        return new Chain(new ArrayList<>(entries), true, null);
    }

    private static String hash(String dossierCode, Entry e) {
        return Hashing.sha256Hex(String.join("|", e.previousHash(), dossierCode, String.valueOf(e.position()),
                e.loggedAt().toString(), e.direction(), e.peer(), e.operation(), e.payloadSha256(), e.outcome(),
                e.detail() == null ? "" : e.detail()));
    }
}
