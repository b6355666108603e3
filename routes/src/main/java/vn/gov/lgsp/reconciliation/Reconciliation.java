package vn.gov.lgsp.reconciliation;

import java.time.LocalDate;

/**
 * One daily reconciliation (đối soát) with a peer: our ledger of one day against what the peer says. Each is run by
 * {@link Reconciliations} on the clustered scheduler, kept per day, and shown to operators in JSON and CSV.
 */
public interface Reconciliation {

    /** Its name in URLs and reports: {@code payments}, {@code postal-cod}. */
    String kind();

    /** Reconciles {@code day} (Vietnam time), asking the peer; what the peer knows and we did not is applied. */
    ReconciliationReport reconcile(LocalDate day);
}
