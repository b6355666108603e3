package vn.gov.lgsp.adapters.model;

import java.time.OffsetDateTime;

/**
 * What the payment platform says of one payment, notified (CONFIRM) or asked (QUERY): the one shape both take, so
 * that both are handled by one code path.
 *
 * @param outcome       paid, failed, or not settled yet (a QUERY only)
 * @param code          the platform's {@code MaLoi} (or {@code TrangThaiGD} for a QUERY)
 * @param amount        whole VND paid (0 when not paid)
 * @param transactionId the platform's {@code MaGiaoDich} (null when not paid)
 * @param paidAt        when it was paid (null when not paid)
 */
public record PaymentNotice(String reference, Outcome outcome, String code, String message, long amount,
                            String transactionId, String bankCode, OffsetDateTime paidAt) {

    public enum Outcome {
        PAID,
        FAILED,
        PENDING
    }
}
