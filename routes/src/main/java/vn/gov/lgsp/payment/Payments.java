package vn.gov.lgsp.payment;

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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.PaymentNotice;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.payment.PaymentClient;
import vn.gov.lgsp.delivery.FollowUps;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.MessageLog;

/**
 * The payment ledger: one row per payment request, and one code path ({@link #settle}) for everything the platform
 * says of a payment, notified (CONFIRM) or asked (QUERY): a payment is settled once, whichever comes first, and the
 * one-stop software hears {@code PAYMENT_CONFIRMED} or {@code PAYMENT_FAILED} in the same commit.
 */
@Component
public class Payments {

    /** Where the one-stop software's settlement news comes from, in the callback outbox. */
    static final String SETTLEMENT_NEWS = PaymentClient.PEER + "-settlement";
    private static final String SELECT = "select reference, dossier_code, fee_set, amount, state, transaction_id, queries "
            + "from payment";

    public enum State {
        REQUESTING,
        REQUESTED,
        PAID,
        FAILED,
        REFUSED
    }

    public enum SettledBy {
        CONFIRM,
        QUERY
    }

    /** What became of a notice. */
    public enum Outcome {
        /** The payment is now settled, paid or failed. */
        SETTLED,
        /** The same news again, or a QUERY answer that it is not settled yet: nothing changed. */
        UNCHANGED,
        UNKNOWN_REFERENCE,
        WRONG_AMOUNT,
        /** Already paid under another transaction id. */
        CONFLICT
    }

    public record Payment(String reference, String dossierCode, String feeSet, long amount, State state,
                          String transactionId, int queries) {
    }

    private final JdbcTemplate jdbc;
    private final MessageLog messageLog;
    private final FollowUps followUps;

    public Payments(JdbcTemplate jdbc, MessageLog messageLog, FollowUps followUps) {
        this.jdbc = jdbc;
        this.messageLog = messageLog;
        this.followUps = followUps;
    }

    /** The dossier's latest request for this fee set. */
    public Optional<Payment> latest(String dossierCode, String feeSet) {
        return jdbc.query(SELECT + " where dossier_code = ? and fee_set = ? order by requested_at desc",
                Payments::payment, dossierCode, feeSet).stream().findFirst();
    }

    /** How many requests of this fee set failed (refused, or their payment failed): each makes the next a new reference. */
    public int failedRequests(String dossierCode, String feeSet) {
        return jdbc.queryForObject("select count(*) from payment where dossier_code = ? and fee_set = ? and state in (?, ?)",
                Integer.class, dossierCode, feeSet, State.REFUSED.name(), State.FAILED.name());
    }

    /** Records the request before INIT is sent, so that a repeated step sends the same reference. */
    public void requesting(String reference, String dossierCode, String feeSet, long amount) {
        jdbc.update("insert into payment (reference, dossier_code, fee_set, amount, state, requested_at, queries) "
                + "values (?,?,?,?,?,?,0) on conflict do nothing", reference, dossierCode, feeSet, amount,
                State.REQUESTING.name(), now());
    }

    public void refused(String reference, String reason) {
        jdbc.update("update payment set state = ?, failure = ? where reference = ? and state = ?", State.REFUSED.name(),
                reason.length() > 500 ? reason.substring(0, 500) : reason, reference, State.REQUESTING.name());
    }

    /** The platform took the request: its URL and QR, when to QUERY it, and {@code PAYMENT_REQUESTED}, in one commit. */
    public void requested(Step step, String reference, long amount, String paymentUrl, String qrPayload, Duration queryAfter) {
        AtomicReference<Runnable> news = new AtomicReference<>();
        messageLog.inTransaction(() -> {
            jdbc.update("update payment set state = ?, payment_url = ?, qr_payload = ?, next_query_at = ? "
                    + "where reference = ? and state = ?", State.REQUESTED.name(), paymentUrl, qrPayload,
                    now().plus(queryAfter), reference, State.REQUESTING.name());
            news.set(followUps.record(PaymentClient.PEER, step,
                    List.of(Callback.paymentRequested(step.dossierCode(), reference, amount, paymentUrl, qrPayload))));
            return List.of();
        });
        news.get().run();
    }

    /** Queues again the news of a request made before, in case a crash came between recording and queueing it. */
    public void resendRequestNews(Step step) {
        followUps.resend(PaymentClient.PEER, step.dossierCode(), step.sequence());
    }

    /**
     * Settles the payment the notice is about, once: the first paid notice with the requested amount wins; the
     * same notice again changes nothing (and queues its news again, in case our earlier answer was lost before the
     * news left); a paid notice under another transaction id is a conflict.
     *
     * @param payload what the notice came in, for the message log (null for a QUERY answer, logged by the adapter)
     */
    public Outcome settle(PaymentNotice notice, SettledBy by, byte[] payload) {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        AtomicReference<Runnable> news = new AtomicReference<>();
        messageLog.inTransaction(() -> {
            news.set(() -> { });
            Payment payment = jdbc.query(SELECT + " where reference = ? for update", Payments::payment, notice.reference())
                    .stream().findFirst().orElse(null);
            if (payment == null) {
                outcome.set(Outcome.UNKNOWN_REFERENCE);
                return List.of();
            }
            Outcome result = decide(payment, notice);
            outcome.set(result);
            if (result == Outcome.UNCHANGED && notice.outcome() != PaymentNotice.Outcome.PENDING) {
                news.set(() -> followUps.resend(SETTLEMENT_NEWS, payment.dossierCode(), 0));
            }
            if (result == Outcome.SETTLED) {
                Step step = new Step(payment.dossierCode(), 0, notice.reference(), 0, now());
                if (notice.outcome() == PaymentNotice.Outcome.PAID) {
                    jdbc.update("update payment set state = ?, transaction_id = ?, paid_at = ?, settled_by = ?, settled_at = ?, "
                            + "next_query_at = null where reference = ?", State.PAID.name(), notice.transactionId(),
                            notice.paidAt(), by.name(), now(), notice.reference());
                    news.set(followUps.record(SETTLEMENT_NEWS, step,
                            List.of(Callback.paymentConfirmed(payment.dossierCode(), notice, null))));
                } else {
                    jdbc.update("update payment set state = ?, failure = ?, settled_by = ?, settled_at = ?, next_query_at = null "
                            + "where reference = ?", State.FAILED.name(), notice.code() + ": " + notice.message(),
                            by.name(), now(), notice.reference());
                    news.set(followUps.record(SETTLEMENT_NEWS, step, List.of(Callback.paymentFailed(payment.dossierCode(), notice))));
                }
            }
            return payload == null ? List.of() : List.of(new PeerExchange(PaymentClient.PEER, PeerExchange.Direction.IN,
                    payment.dossierCode(), by.name() + " " + notice.reference(), payload, result.name(),
                    notice.outcome() + (notice.transactionId() == null ? "" : " " + notice.transactionId())));
        });
        news.get().run();
        return outcome.get();
    }

    private static Outcome decide(Payment payment, PaymentNotice notice) {
        return switch (notice.outcome()) {
            case PENDING -> Outcome.UNCHANGED;
            case FAILED -> payment.state() == State.REQUESTED || payment.state() == State.REQUESTING
                    ? Outcome.SETTLED : Outcome.UNCHANGED;
            case PAID -> {
                if (notice.amount() != payment.amount()) {
                    yield Outcome.WRONG_AMOUNT;
                }
                if (payment.state() == State.PAID) {
                    yield notice.transactionId().equals(payment.transactionId()) ? Outcome.UNCHANGED : Outcome.CONFLICT;
                }
                yield Outcome.SETTLED;
            }
        };
    }

    /** Payments due a QUERY: unsettled past their next query time. */
    public List<Payment> dueForQuery(int limit) {
        return jdbc.query(SELECT + " where state = ? and next_query_at <= ? order by next_query_at fetch first " + limit
                + " rows only", Payments::payment, State.REQUESTED.name(), now());
    }

    /** Asked, not settled yet: ask again later, each time twice as late, never later than {@code maxDelay}. */
    public void queryAgain(Payment payment, Duration queryAfter, Duration maxDelay) {
        Duration delay = queryAfter.multipliedBy(1L << Math.min(payment.queries(), 20));
        jdbc.update("update payment set queries = queries + 1, next_query_at = ? where reference = ? and state = ?",
                now().plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay), payment.reference(), State.REQUESTED.name());
    }

    /** Paid payments whose receipt has not been fetched yet. */
    public List<Payment> awaitingReceipt(int limit) {
        return jdbc.query(SELECT + " where state = ? and receipt is null order by settled_at fetch first " + limit
                + " rows only", Payments::payment, State.PAID.name());
    }

    public void receipt(String reference, String receipt) {
        jdbc.update("update payment set receipt = ?, receipt_at = ? where reference = ?", receipt, now(), reference);
    }

    /** The amount the dossier has paid online for its fees (payments confirmed). */
    public long paid(String dossierCode) {
        Long paid = jdbc.queryForObject("select coalesce(sum(amount), 0) from payment where dossier_code = ? and state = ?",
                Long.class, dossierCode, State.PAID.name());
        return paid == null ? 0 : paid;
    }

    /** The VietQR payload of a request the platform took. */
    public Optional<String> qrPayload(String reference) {
        return jdbc.queryForList("select qr_payload from payment where reference = ? and qr_payload is not null",
                String.class, reference).stream().findFirst();
    }

    /** Requests the platform took whose payment is neither confirmed nor failed yet. */
    public int unsettled() {
        return jdbc.queryForObject("select count(*) from payment where state = ?", Integer.class, State.REQUESTED.name());
    }

    /** Payments settled by a QUERY answer: their notification never came, or came later. */
    public int settledByQuery() {
        return jdbc.queryForObject("select count(*) from payment where settled_by = ?", Integer.class, SettledBy.QUERY.name());
    }

    /** The dossier's payments, for the dossier view. */
    public List<Map<String, Object>> view(String dossierCode) {
        return jdbc.query("select reference, amount, state, payment_url, qr_payload, requested_at, transaction_id, paid_at, "
                + "settled_by, failure, queries, receipt from payment where dossier_code = ? order by requested_at", (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("reference", rs.getString(1));
                    row.put("amount", rs.getLong(2));
                    row.put("state", rs.getString(3));
                    row.put("paymentUrl", rs.getString(4));
                    row.put("qrPayload", rs.getString(5));
                    row.put("qrImage", rs.getString(5) == null ? null : "/api/v1/payments/" + rs.getString(1) + "/qr.png");
                    row.put("requestedAt", rs.getObject(6, OffsetDateTime.class));
                    row.put("transactionId", rs.getString(7));
                    row.put("paidAt", rs.getObject(8, OffsetDateTime.class));
                    row.put("settledBy", rs.getString(9));
                    row.put("failure", rs.getString(10));
                    row.put("queries", rs.getInt(11));
                    row.put("receipt", rs.getString(12));
                    return row;
                }, dossierCode);
    }

    private static Payment payment(ResultSet rs, int row) throws SQLException {
        return new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), State.valueOf(rs.getString(5)),
                rs.getString(6), rs.getInt(7));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
