package vn.gov.lgsp.postal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerException;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.model.PostalServiceType;
import vn.gov.lgsp.adapters.model.ShipmentReport;
import vn.gov.lgsp.adapters.model.ShipmentStatus;
import vn.gov.lgsp.adapters.postal.PostalClient;
import vn.gov.lgsp.adapters.postal.PostalProperties;
import vn.gov.lgsp.delivery.FollowUps;
import vn.gov.lgsp.delivery.PeerBreaker;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * The postal order ledger: one order per dossier and service type, and where each shipment stands. Every tracking
 * status, pushed by the operator, learned by a pull or confirmed by a cancellation, goes through {@link #apply}: it
 * is taken only when it moves the shipment forward, recorded with its history and logged, and told to the one-stop
 * software ({@code POSTAL_TRACKING}) in the same commit.
 */
@Component
public class PostalShipments {

    /** Where the one-stop software's tracking news comes from, in the callback outbox. */
    static final String TRACKING_NEWS = PostalClient.PEER + "-tracking";
    private static final Logger log = LoggerFactory.getLogger(PostalShipments.class);
    private static final String OPEN = "(status_code is null or status_code not in (4, 6, 7))";

    /** How a tracking status reached us. */
    public enum LearnedBy {
        PUSH,
        PULL,
        CANCEL
    }

    /** What became of a tracking report. */
    public enum Outcome {
        /** It moved the shipment forward. */
        ACCEPTED,
        /** Stale or repeated: acknowledged, nothing changed. */
        IGNORED,
        /** No order of ours has this item code under this order number. */
        NOT_OURS,
        /** An order under this number is being placed: its item code may be the one, once recorded. */
        NOT_YET_KNOWN
    }

    /** An order as the ledger keeps it. */
    public record Order(String dossierCode, PostalServiceType serviceType, String itemCode, long codAmount,
                        ShipmentStatus status, long collectedAmount) {
    }

    private final JdbcTemplate jdbc;
    private final MessageLog messageLog;
    private final FollowUps followUps;
    private final PostalClient client;
    private final String partner;

    public PostalShipments(JdbcTemplate jdbc, MessageLog messageLog, FollowUps followUps, PostalClient client,
                           PostalProperties postal) {
        this.jdbc = jdbc;
        this.messageLog = messageLog;
        this.followUps = followUps;
        this.client = client;
        this.partner = postal.customerCode();
    }

    public Optional<Order> order(String dossierCode, PostalServiceType serviceType) {
        return jdbc.query("select dossier_code, service_type, item_code, cod_amount, status_code, collected_amount "
                + "from postal_order where dossier_code = ? and service_type = ?", (rs, i) -> order(rs), dossierCode,
                serviceType.name()).stream().findFirst();
    }

    public List<Order> orders(String dossierCode) {
        return jdbc.query("select dossier_code, service_type, item_code, cod_amount, status_code, collected_amount "
                + "from postal_order where dossier_code = ? order by ordered_at", (rs, i) -> order(rs), dossierCode);
    }

    /**
     * Records an order the operator accepted and its news ({@code POSTAL_ORDER}) in one commit, then queues the news.
     * Nothing may come between the operator's answer and this: it is what keeps a repeated step from ordering again.
     */
    public void recordOrder(Step step, PostalServiceType serviceType, String itemCode, long codAmount) {
        OffsetDateTime now = now();
        AtomicReference<Runnable> news = new AtomicReference<>();
        messageLog.inTransaction(() -> {
            jdbc.update("insert into postal_order (dossier_code, service_type, partner, item_code, cod_amount, "
                            + "collected_amount, ordered_at, news_at) values (?,?,?,?,?,0,?,?)",
                    step.dossierCode(), serviceType.name(), partner, itemCode, codAmount, now, now);
            news.set(followUps.record(PostalClient.PEER, step,
                    List.of(Callback.postalOrder(step.dossierCode(), serviceType, itemCode, codAmount))));
            return List.of();
        });
        news.get().run();
    }

    /** Queues again the news of the dossier's orders, in case a crash came between recording and queueing them. */
    public void resendOrderNews(Step step) {
        followUps.resend(PostalClient.PEER, step.dossierCode(), step.sequence());
    }

    /**
     * Applies one tracking report, whatever brought it. A repeat of the shipment's current status queues its news
     * again: the operator repeats a push when our answer did not reach it, perhaps because we failed before queueing.
     *
     * @param payload what the report came in, for the message log
     */
    public Outcome apply(ShipmentReport report, LearnedBy learnedBy, byte[] payload) {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        AtomicReference<Runnable> news = new AtomicReference<>();
        messageLog.inTransaction(() -> {
            news.set(() -> { });
            List<Order> found = jdbc.query("select dossier_code, service_type, item_code, cod_amount, status_code, "
                    + "collected_amount from postal_order where item_code = ? and partner = ? for update",
                    (rs, i) -> order(rs), report.itemCode(), partner);
            if (found.isEmpty() || !found.get(0).dossierCode().equals(report.orderNumber())) {
                outcome.set(found.isEmpty() && orderBeingPlaced(report.orderNumber()) ? Outcome.NOT_YET_KNOWN : Outcome.NOT_OURS);
                return List.of();
            }
            Order order = found.get(0);
            String operation = "tracking " + report.itemCode() + " " + report.status().code() + " ("
                    + learnedBy.name().toLowerCase() + ")";
            if (!report.status().isForwardFrom(order.status())) {
                outcome.set(Outcome.IGNORED);
                if (report.status() == order.status()) {
                    news.set(() -> followUps.resend(TRACKING_NEWS, order.dossierCode(), 0));
                }
                return List.of(new PeerExchange(PostalClient.PEER, PeerExchange.Direction.IN, order.dossierCode(),
                        operation, payload, "IGNORED", "the shipment is at status "
                        + (order.status() == null ? "none" : order.status().code()) + " already"));
            }
            OffsetDateTime now = now();
            jdbc.update("update postal_order set status_code = ?, status_time = ?, collected_amount = ?, news_at = ? "
                    + "where item_code = ?", report.status().code(), report.statusTime(), report.collectedAmount(), now,
                    report.itemCode());
            jdbc.update("insert into postal_tracking (item_code, status_code, status_time, location, collected_amount, "
                            + "learned_by, received_at) values (?,?,?,?,?,?,?)", report.itemCode(), report.status().code(),
                    report.statusTime(), report.location(), report.collectedAmount(), learnedBy.name(), now);
            news.set(followUps.record(TRACKING_NEWS, new Step(order.dossierCode(), report.status().code(),
                    report.itemCode(), 0, report.statusTime()), List.of(Callback.postalTracking(order.dossierCode(), report))));
            outcome.set(Outcome.ACCEPTED);
            return List.of(new PeerExchange(PostalClient.PEER, PeerExchange.Direction.IN, order.dossierCode(), operation,
                    payload, "ACCEPTED", "collected " + report.collectedAmount() + " VND"));
        });
        news.get().run();
        return outcome.get();
    }

    /**
     * Asks the operator for the tracking of every open order that has had no news for {@code pullAfter}, and applies
     * what it learns as pushes would be applied. Runs on every node alike: applying a status twice changes nothing.
     *
     * @return how many statuses the pull moved forward
     */
    public int pullQuiet(Duration pullAfter, int limit) {
        OffsetDateTime cutoff = now().minus(pullAfter);
        List<String> dossiers = jdbc.queryForList("select distinct dossier_code from postal_order where " + OPEN
                + " and news_at < ? and (pulled_at is null or pulled_at < ?) fetch first " + limit + " rows only",
                String.class, cutoff, cutoff);
        int moved = 0;
        for (String dossierCode : dossiers) {
            List<ShipmentReport> reports;
            try {
                reports = client.track(dossierCode);
            } catch (PeerBreaker.CircuitOpenException open) {
                log.info("Postal pull stopped: the operator's breaker is open");
                break;
            } catch (PeerException failed) {
                log.warn("Postal pull of {} failed, tried again next time: {}", dossierCode, failed.getMessage());
                continue;
            }
            jdbc.update("update postal_order set pulled_at = ? where dossier_code = ?", now(), dossierCode);
            List<String> ours = orders(dossierCode).stream().map(Order::itemCode).toList();
            for (ShipmentReport report : reports.stream().filter(r -> ours.contains(r.itemCode())).toList()) {
                if (apply(report, LearnedBy.PULL, null) == Outcome.ACCEPTED) {
                    moved++;
                }
            }
        }
        return moved;
    }

    /** Whether the postal flow is placing an order of the dossier: a call went out and its outcome is not recorded. */
    private boolean orderBeingPlaced(String dossierCode) {
        return jdbc.queryForObject("select count(*) from peer_step where peer = ? and dossier_code = ? and state = ?",
                Integer.class, PostalClient.PEER, dossierCode, PeerSteps.State.SENDING.name()) > 0;
    }

    /** Orders whose shipment has not ended (delivered, returned or cancelled) as far as we know. */
    public int openOrders() {
        Integer open = jdbc.queryForObject("select count(*) from postal_order where " + OPEN, Integer.class);
        return open == null ? 0 : open;
    }

    /** Tracking statuses learned by pulling (pushes that never came). */
    public int learnedByPull() {
        Integer pulled = jdbc.queryForObject("select count(*) from postal_tracking where learned_by = ?", Integer.class,
                LearnedBy.PULL.name());
        return pulled == null ? 0 : pulled;
    }

    /** The dossier's shipments and their tracking history, for the dossier view. */
    public List<Map<String, Object>> view(String dossierCode) {
        return jdbc.query("select service_type, item_code, cod_amount, status_code, status_time, collected_amount, "
                + "ordered_at, news_at, pulled_at from postal_order where dossier_code = ? order by ordered_at", (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("serviceType", rs.getString(1));
                    row.put("itemCode", rs.getString(2));
                    row.put("codAmount", rs.getLong(3));
                    row.put("statusCode", rs.getObject(4));
                    row.put("statusTime", rs.getObject(5, OffsetDateTime.class));
                    row.put("collectedAmount", rs.getLong(6));
                    row.put("orderedAt", rs.getObject(7, OffsetDateTime.class));
                    row.put("newsAt", rs.getObject(8, OffsetDateTime.class));
                    row.put("pulledAt", rs.getObject(9, OffsetDateTime.class));
                    row.put("tracking", jdbc.query("select status_code, status_time, location, collected_amount, learned_by, "
                            + "received_at from postal_tracking where item_code = ? order by received_at, status_code",
                            (t, j) -> {
                                Map<String, Object> status = new LinkedHashMap<>();
                                status.put("statusCode", t.getInt(1));
                                status.put("statusTime", t.getObject(2, OffsetDateTime.class));
                                status.put("location", t.getString(3));
                                status.put("collectedAmount", t.getLong(4));
                                status.put("learnedBy", t.getString(5));
                                status.put("receivedAt", t.getObject(6, OffsetDateTime.class));
                                return status;
                            }, rs.getString(2)));
                    return row;
                }, dossierCode);
    }

    private static Order order(ResultSet rs) throws SQLException {
        Integer status = (Integer) rs.getObject(5);
        return new Order(rs.getString(1), PostalServiceType.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4),
                status == null ? null : ShipmentStatus.fromCode(status), rs.getLong(6));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
