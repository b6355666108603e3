package vn.gov.lgsp.adapters.model;

import java.util.List;

/**
 * A request that the applicant pay a dossier's fees online: one per fee set, under our own reference.
 *
 * @param reference our unique reference ({@code MaThamChieu})
 * @param amount    whole VND, the sum of {@code fees}
 */
public record PaymentRequest(String dossierCode, String reference, long amount, List<Fee> fees, String procedureCode,
                             String procedureName, String agencyCode, String payerName, String payerId) {

    public PaymentRequest {
        fees = List.copyOf(fees);
    }
}
