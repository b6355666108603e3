package vn.gov.lgsp.postal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
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
import vn.gov.lgsp.adapters.model.ShipmentReport;
import vn.gov.lgsp.adapters.model.ShipmentStatus;
import vn.gov.lgsp.adapters.postal.PostalClient;
import vn.gov.lgsp.reconciliation.Reconciliation;
import vn.gov.lgsp.reconciliation.ReconciliationReport;

/**
 * COD reconciliation (đối soát tiền thu hộ) of one day: for every result delivered with cash on delivery, what the
 * post says it collected against what was owed and what our ledger heard, asked of the operator itself
 * ({@code {base}/tracking}). What the operator knows that we had not heard is applied as a pull would apply it, and
 * shows in the report.
 */
@Component
public class CodReconciliation implements Reconciliation {

    static final String KIND = "postal-cod";
    private static final Logger log = LoggerFactory.getLogger(CodReconciliation.class);

    /** What became of one shipment owed on that day. */
    public enum Outcome {
        /** Delivered that day and the post collected what was owed. */
        MATCHED,
        /** Delivered that day; the post collected less than owed. */
        COLLECTED_SHORT,
        /** Delivered that day; the post collected more than owed. */
        COLLECTED_OVER,
        /** Returned to sender that day: nothing collected, the fees are still owed. */
        RETURNED,
        /** Still on its way at the end of the day. */
        OPEN,
        /** Cancelled: nothing owed to the post. */
        CANCELLED,
        /** The operator has no record of our order. */
        MISSING_AT_POST,
        /** The operator could not be asked; the row shows our ledger only. */
        NOT_CHECKED
    }

    /**
     * One shipment.
     *
     * @param collectedInLedger what our ledger had heard the post collected, before this reconciliation
     * @param reportedBefore    whether we had heard of the delivery (or return) before asking, by push or pull
     */
    public record Row(String dossierCode, String itemCode, long owed, long collectedByPost, long collectedInLedger,
                      OffsetDateTime endedAt, boolean reportedBefore, Outcome outcome) {

        /** Whether an operator must look at it. */
        @JsonProperty("discrepancy")
        public boolean discrepancy() {
            return switch (outcome) {
                case MATCHED -> !reportedBefore || collectedInLedger != collectedByPost;
                case OPEN, CANCELLED -> false;
                default -> true;
            };
        }
    }

    private record Candidate(String dossierCode, String itemCode, long owed, ShipmentStatus status, long collected) {
    }

    private final JdbcTemplate jdbc;
    private final PostalClient postal;
    private final PostalShipments shipments;

    public CodReconciliation(JdbcTemplate jdbc, PostalClient postal, PostalShipments shipments) {
        this.jdbc = jdbc;
        this.postal = postal;
        this.shipments = shipments;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public ReconciliationReport reconcile(LocalDate day) {
        Instant start = day.atStartOfDay(ReconciliationReport.VIETNAM).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ReconciliationReport.VIETNAM).toInstant();
        List<Candidate> candidates = jdbc.query("select dossier_code, item_code, cod_amount, status_code, collected_amount "
                        + "from postal_order where service_type = 'RETURN_RESULT' and ordered_at < ? and (status_code is null "
                        + "or status_code not in (4, 6, 7) or (status_time >= ? and status_time < ?)) order by dossier_code",
                (rs, i) -> new Candidate(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getObject(4) == null ? null : ShipmentStatus.fromCode(rs.getInt(4)), rs.getLong(5)),
                offset(end), offset(start), offset(end));
        List<Row> rows = new ArrayList<>();
        for (Candidate candidate : candidates) {
            rows.add(reconcile(candidate, start, end));
        }
        long owed = 0;
        long collected = 0;
        for (Row row : rows) {
            if (row.endedAt() != null && row.outcome() != Outcome.CANCELLED) {
                owed += row.owed();
                collected += row.collectedByPost();
            }
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("owed", owed);
        totals.put("collectedByPost", collected);
        totals.put("difference", collected - owed);
        return ReconciliationReport.of(KIND, day, totals, rows);
    }

    private Row reconcile(Candidate order, Instant start, Instant end) {
        List<ShipmentReport> history;
        try {
            history = postal.track(order.dossierCode()).stream().filter(r -> r.itemCode().equals(order.itemCode())).toList();
        } catch (PeerException e) {
            log.warn("COD reconciliation could not ask the post about {}: {}", order.itemCode(), e.getMessage());
            return new Row(order.dossierCode(), order.itemCode(), order.owed(), 0, order.collected(), null, false,
                    Outcome.NOT_CHECKED);
        }
        if (history.isEmpty()) {
            return new Row(order.dossierCode(), order.itemCode(), order.owed(), 0, order.collected(), null, false,
                    Outcome.MISSING_AT_POST);
        }
        ShipmentReport last = history.get(history.size() - 1);
        boolean endedThatDay = last.status().ends() && !last.statusTime().toInstant().isBefore(start)
                && last.statusTime().toInstant().isBefore(end);
        boolean reportedBefore = order.status() == last.status();
        // What the operator knows and we had not heard is taken as a pull would take it.
        history.forEach(r -> shipments.apply(r, PostalShipments.LearnedBy.PULL, null));
        if (!endedThatDay) {
            return new Row(order.dossierCode(), order.itemCode(), order.owed(), last.collectedAmount(), order.collected(),
                    null, reportedBefore, last.status() == ShipmentStatus.CANCELLED ? Outcome.CANCELLED : Outcome.OPEN);
        }
        Outcome outcome = switch (last.status()) {
            case RETURNED -> Outcome.RETURNED;
            case CANCELLED -> Outcome.CANCELLED;
            default -> last.collectedAmount() == order.owed() ? Outcome.MATCHED
                    : last.collectedAmount() < order.owed() ? Outcome.COLLECTED_SHORT : Outcome.COLLECTED_OVER;
        };
        return new Row(order.dossierCode(), order.itemCode(), order.owed(), last.collectedAmount(), order.collected(),
                last.statusTime(), reportedBefore, outcome);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
