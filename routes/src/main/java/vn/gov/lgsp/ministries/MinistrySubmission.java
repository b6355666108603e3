package vn.gov.lgsp.ministries;

import java.time.OffsetDateTime;

/**
 * What a ministry flow's queue carries: a signed package kept in the ledger, the {@code sequence}-th message of the
 * dossier for that ministry. The bytes themselves stay in the ledger, so that every attempt sends the same ones.
 */
public record MinistrySubmission(String dossierCode, int sequence, String messageId, String agency, OffsetDateTime madeAt) {
}
