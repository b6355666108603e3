package vn.gov.lgsp.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.config.Hashing;

/**
 * Every message exchanged with a peer, per dossier, hash-chained: each entry's hash covers its fields and the
 * previous entry's hash, so an edited, inserted or removed entry breaks the chain from there on.
 * Chains are per dossier, so that writers of different dossiers never wait for each other.
 *
 * <p>Entries are written in the same transaction as the ledger change they explain where there is one
 * ({@link #inTransaction}); a flow collects the exchanges of one delivery with {@link #capture()}.
 */
@Component
public class MessageLog implements PeerExchange.Journal {

    static final String GENESIS = "0".repeat(64);
    private static final int MAX_DETAIL = 1000;
    private static final int ATTEMPTS = 10;
    private static final ThreadLocal<List<PeerExchange>> CAPTURED = new ThreadLocal<>();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public MessageLog(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** An entry as stored. */
    public record Entry(int position, Instant loggedAt, String direction, String peer, String operation,
                        String payloadSha256, String outcome, String detail, String previousHash, String entryHash) {
    }

    /** The dossier's log and whether its chain is intact. */
    public record Chain(List<Entry> entries, boolean intact, Integer brokenAt) {
    }

    /**
     * Exchanges recorded on this thread while open; whatever is not taken is written when it closes. A capture opened
     * inside another takes the exchanges until it closes, then the outer one takes them again.
     */
    public final class Capture implements AutoCloseable {
        private final List<PeerExchange> entries = new ArrayList<>();
        private final List<PeerExchange> outer = CAPTURED.get();

        private Capture() {
            CAPTURED.set(entries);
        }

        /** Exchanges made for this capture's owner on another thread. */
        public void add(List<PeerExchange> exchanges) {
            entries.addAll(exchanges);
        }

        /** The exchanges so far, for the caller to write with its own change; they are no longer this capture's. */
        public List<PeerExchange> take() {
            List<PeerExchange> taken = List.copyOf(entries);
            entries.clear();
            return taken;
        }

        @Override
        public void close() {
            if (outer == null) {
                CAPTURED.remove();
            } else {
                CAPTURED.set(outer);
            }
            if (!entries.isEmpty()) {
                List<PeerExchange> rest = take();
                inTransaction(() -> rest);
            }
        }
    }

    public Capture capture() {
        return new Capture();
    }

    @Override
    public void record(PeerExchange exchange) {
        List<PeerExchange> captured = CAPTURED.get();
        if (captured != null) {
            captured.add(exchange);
        } else {
            inTransaction(() -> List.of(exchange));
        }
    }

    /**
     * Runs {@code change} and appends the exchanges it returns, in one transaction. Two writers of one dossier may
     * race for the next position; the primary key lets one win and the other's transaction is tried again whole.
     */
    public void inTransaction(Supplier<List<PeerExchange>> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(t -> append(change.get()));
                return;
            } catch (DuplicateKeyException raced) {
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    private void append(List<PeerExchange> exchanges) {
        if (exchanges.isEmpty()) {
            return;
        }
        // Transactions that log for several dossiers take their positions in one order (each dossier's entries in
        // theirs): two of them taking each other's next positions in opposite orders would deadlock.
        List<PeerExchange> ordered = new ArrayList<>(exchanges);
        ordered.sort(Comparator.comparing(PeerExchange::dossierCode));
        Map<String, Tip> last = tips(ordered.stream().map(PeerExchange::dossierCode).distinct().toList());
        List<Object[]> rows = new ArrayList<>(ordered.size());
        for (PeerExchange exchange : ordered) {
            String dossierCode = exchange.dossierCode();
            Tip previous = last.get(dossierCode);
            String detail = exchange.detail() == null || exchange.detail().length() <= MAX_DETAIL
                    ? exchange.detail() : exchange.detail().substring(0, MAX_DETAIL);
            Entry entry = new Entry(previous == null ? 1 : previous.position() + 1,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), exchange.direction().name(), exchange.peer(),
                    exchange.operation(), Hashing.sha256Hex(exchange.payload() == null ? new byte[0] : exchange.payload()),
                    exchange.outcome(), detail, previous == null ? GENESIS : previous.hash(), null);
            String hash = hash(dossierCode, entry);
            rows.add(new Object[] {dossierCode, entry.position(), OffsetDateTime.ofInstant(entry.loggedAt(), ZoneOffset.UTC),
                entry.direction(), entry.peer(), entry.operation(), entry.payloadSha256(), entry.outcome(), detail,
                entry.previousHash(), hash});
            last.put(dossierCode, new Tip(entry.position(), hash));
        }
        jdbc.batchUpdate("insert into message_log (dossier_code, position, logged_at, direction, peer, operation, "
                + "payload_sha256, outcome, detail, previous_hash, entry_hash) values (?,?,?,?,?,?,?,?,?,?,?)", rows);
    }

    /** Where a dossier's chain ends: its last position and hash. */
    private record Tip(int position, String hash) {
    }

    /** The end of each dossier's chain, for those that have one (an index seek each). */
    private Map<String, Tip> tips(List<String> dossierCodes) {
        Map<String, Tip> last = new HashMap<>();
        for (String dossierCode : dossierCodes) {
            jdbc.query("select position, entry_hash from message_log where dossier_code = ? order by position desc limit 1",
                    rs -> {
                        last.put(dossierCode, new Tip(rs.getInt(1), rs.getString(2)));
                    }, dossierCode);
        }
        return last;
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
        return new Chain(entries, true, null);
    }

    private static String hash(String dossierCode, Entry e) {
        return Hashing.sha256Hex(String.join("|", e.previousHash(), dossierCode, String.valueOf(e.position()),
                e.loggedAt().toString(), e.direction(), e.peer(), e.operation(), e.payloadSha256(), e.outcome(),
                e.detail() == null ? "" : e.detail()));
    }
}
