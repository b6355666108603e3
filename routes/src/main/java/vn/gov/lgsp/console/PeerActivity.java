package vn.gov.lgsp.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.delivery.Deliveries;
import vn.gov.lgsp.delivery.Delivery;

/**
 * Each peer flow as an operator on call looks at it: its breaker, its last answered and last failed call (from the
 * message log, so every node's calls count), what waits for it in the queue and in the ledger, and its calls over the
 * last hour in 5-minute slices.
 */
@Component
public class PeerActivity {

    static final int SLICES = 12;
    static final Duration SLICE = Duration.ofMinutes(5);
    private static final String FAILED = "('FAILED', 'REJECTED')";

    /**
     * @param queued  messages in the flow's queue (embedded broker; null with an external one)
     * @param waiting steps held, being sent or parked in the ledger
     */
    public record Peer(String peer, String flow, String breaker, long openings, OffsetDateTime lastSuccess,
                       OffsetDateTime lastFailure, String lastFailureDetail, Double queued, int waiting, int parked,
                       List<Integer> lastHour, int lastHourTotal) {
    }

    private final Deliveries deliveries;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    public PeerActivity(Deliveries deliveries, JdbcTemplate jdbc, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public List<Peer> all() {
        OffsetDateTime hourAgo = lastHourStart();
        List<Peer> peers = new ArrayList<>();
        for (Delivery<?> delivery : deliveries.all()) {
            String peer = delivery.peer();
            OffsetDateTime lastSuccess = jdbc.queryForObject("select max(logged_at) from message_log where peer = ? "
                    + "and direction = 'OUT' and outcome not in " + FAILED, OffsetDateTime.class, peer);
            List<Object[]> lastFailure = jdbc.query("select logged_at, outcome, detail from message_log where peer = ? "
                    + "and outcome in " + FAILED + " order by logged_at desc limit 1",
                    (rs, i) -> new Object[] {rs.getObject(1, OffsetDateTime.class), rs.getString(2) + ": " + rs.getString(3)},
                    peer);
            int waiting = count("select count(*) from peer_step where peer = ? and state in ('HELD', 'SENDING')", peer);
            int parked = count("select count(*) from parked_message where peer = ? and state = 'OPEN'", peer);
            // One count per slice: each an index range, however busy the peer was.
            List<Integer> lastHour = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < SLICES; i++) {
                int n = count("select count(*) from message_log where peer = ? and direction = 'OUT' and logged_at >= ? "
                        + "and logged_at < ?", peer, hourAgo.plus(SLICE.multipliedBy(i)), hourAgo.plus(SLICE.multipliedBy(i + 1)));
                lastHour.add(n);
                total += n;
            }
            Gauge depth = meters.find("lgsp.queue.depth").tag("peer", peer).gauge();
            peers.add(new Peer(peer, delivery.definition().name(), delivery.breaker().state().name(),
                    delivery.breaker().openings(), lastSuccess,
                    lastFailure.isEmpty() ? null : (OffsetDateTime) lastFailure.get(0)[0],
                    lastFailure.isEmpty() ? null : (String) lastFailure.get(0)[1],
                    depth == null ? null : depth.value(), waiting, parked, lastHour, total));
        }
        return peers;
    }

    /** The labels of the last hour's slices: the minutes (Vietnam time) each starts at. */
    public List<String> sliceLabels() {
        OffsetDateTime hourAgo = lastHourStart();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < SLICES; i++) {
            labels.add(hourAgo.plus(SLICE.multipliedBy(i)).atZoneSameInstant(ConsoleFormat.VIETNAM).toLocalTime().toString());
        }
        return labels;
    }

    /** The last hour ends with the current minute. */
    private static OffsetDateTime lastHourStart() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1).minus(SLICE.multipliedBy(SLICES));
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
