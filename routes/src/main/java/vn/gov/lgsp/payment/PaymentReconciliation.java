package vn.gov.lgsp.payment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerException;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.model.PaymentNotice;
import vn.gov.lgsp.adapters.payment.PaymentClient;
import vn.gov.lgsp.reconciliation.Reconciliation;
import vn.gov.lgsp.reconciliation.ReconciliationReport;

/**
 * Daily payment reconciliation (đối soát thanh toán): every payment our ledger requested that day against the
 * platform's QUERY answer. A payment the platform has as paid and we do not is settled by that answer, exactly as a
 * CONFIRM would settle it, and shows in the report.
 */
@Component
public class PaymentReconciliation implements Reconciliation {

    static final String KIND = "payments";
    private static final Logger log = LoggerFactory.getLogger(PaymentReconciliation.class);

    public enum Outcome {
        /** Paid here and at the platform, same amount and transaction. */
        MATCHED,
        /** The platform has it paid; our ledger did not (a notification lost and not yet queried). */
        PAID_AT_PLATFORM_PENDING_HERE,
        /** Paid here, but the platform has no such payment, or not as paid. */
        MISSING_AT_PLATFORM,
        /** Paid at both, with another amount or transaction. */
        AMOUNT_MISMATCH,
        /** Not paid yet at either. */
        OPEN,
        /** Failed at both. */
        FAILED,
        /** The platform could not be asked. */
        NOT_CHECKED
    }

    /** One payment. */
    public record Row(String dossierCode, String reference, long requested, String stateHere, long paidAtPlatform,
                      String transactionHere, String transactionAtPlatform, Outcome outcome) {

        @JsonProperty("discrepancy")
        public boolean discrepancy() {
            return outcome != Outcome.MATCHED && outcome != Outcome.OPEN && outcome != Outcome.FAILED;
        }
    }

    private final JdbcTemplate jdbc;
    private final PaymentClient platform;
    private final Payments payments;

    public PaymentReconciliation(JdbcTemplate jdbc, PaymentClient platform, Payments payments) {
        this.jdbc = jdbc;
        this.platform = platform;
        this.payments = payments;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public ReconciliationReport reconcile(LocalDate day) {
        OffsetDateTime start = day.atStartOfDay(ReconciliationReport.VIETNAM).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = start.plusDays(1);
        List<Row> rows = new ArrayList<>();
        jdbc.query("select dossier_code, reference, amount, state, transaction_id from payment where requested_at >= ? "
                + "and requested_at < ? and state <> 'REFUSED' order by requested_at", rs -> {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), 0,
                            rs.getString(5), null, null));
                }, start, end);
        List<Row> checked = rows.stream().map(this::check).toList();
        long requested = checked.stream().mapToLong(Row::requested).sum();
        long paidHere = checked.stream().filter(r -> "PAID".equals(r.stateHere())).mapToLong(Row::requested).sum();
        long paidAtPlatform = checked.stream().mapToLong(Row::paidAtPlatform).sum();
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("requested", requested);
        totals.put("paidHere", paidHere);
        totals.put("paidAtPlatform", paidAtPlatform);
        totals.put("difference", paidAtPlatform - paidHere);
        return ReconciliationReport.of(KIND, day, totals, checked);
    }

    private Row check(Row ours) {
        PaymentNotice answer;
        try {
            answer = platform.query(ours.dossierCode(), ours.reference());
        } catch (PeerRejectedException unknown) {
            return with(ours, ours.stateHere(), 0, null, "PAID".equals(ours.stateHere()) ? Outcome.MISSING_AT_PLATFORM
                    : Outcome.OPEN);
        } catch (PeerException e) {
            log.warn("Payment reconciliation could not QUERY {}: {}", ours.reference(), e.getMessage());
            return with(ours, ours.stateHere(), 0, null, Outcome.NOT_CHECKED);
        }
        boolean paidHere = "PAID".equals(ours.stateHere());
        return switch (answer.outcome()) {
            case PAID -> {
                if (!paidHere) {
                    // Settled now as a CONFIRM would settle it; the report keeps what our ledger had.
                    payments.settle(answer, Payments.SettledBy.QUERY, null);
                    yield with(ours, ours.stateHere(), answer.amount(), answer.transactionId(),
                            Outcome.PAID_AT_PLATFORM_PENDING_HERE);
                }
                boolean same = answer.amount() == ours.requested() && answer.transactionId().equals(ours.transactionHere());
                yield with(ours, ours.stateHere(), answer.amount(), answer.transactionId(),
                        same ? Outcome.MATCHED : Outcome.AMOUNT_MISMATCH);
            }
            case FAILED -> with(ours, ours.stateHere(), 0, null, paidHere ? Outcome.MISSING_AT_PLATFORM : Outcome.FAILED);
            case PENDING -> with(ours, ours.stateHere(), 0, null, paidHere ? Outcome.MISSING_AT_PLATFORM : Outcome.OPEN);
        };
    }

    private static Row with(Row ours, String state, long paidAtPlatform, String transaction, Outcome outcome) {
        return new Row(ours.dossierCode(), ours.reference(), ours.requested(), state, paidAtPlatform,
                ours.transactionHere(), transaction, outcome);
    }
}
