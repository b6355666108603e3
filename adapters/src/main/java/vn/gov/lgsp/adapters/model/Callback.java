package vn.gov.lgsp.adapters.model;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * News of a dossier for the one-stop software that sent its events (DOMAIN 4.1). {@code callbackId} stays the
 * same across retries, so that the receiver can drop repeats; {@code data} depends on the kind.
 */
public record Callback(String callbackId, String dossierCode, Kind kind, OffsetDateTime occurredAt, Map<String, Object> data) {

    /** Vietnam time: callbacks carry their times with the +07:00 offset, as the one-stop software records them. */
    public static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);

    public enum Kind {
        PORTAL_SYNCED,
        PORTAL_REJECTED,
        MINISTRY_RECEIPT,
        MINISTRY_STATUS,
        MINISTRY_RESULT,
        PAYMENT_REQUESTED,
        PAYMENT_CONFIRMED,
        PAYMENT_FAILED,
        POSTAL_ORDER,
        POSTAL_ORDER_REFUSED,
        POSTAL_TRACKING
    }

    public Callback {
        data = data == null ? Map.of() : data;
        occurredAt = occurredAt.withOffsetSameInstant(VIETNAM);
    }

    /** The same news, as of {@code time}. */
    public Callback at(OffsetDateTime time) {
        return new Callback(callbackId, dossierCode, kind, time, data);
    }

    /** A new piece of news, with an id of its own, that happened now. */
    public static Callback of(String dossierCode, Kind kind, Map<String, Object> data) {
        return new Callback(UUID.randomUUID().toString(), dossierCode, kind, OffsetDateTime.now(VIETNAM), data);
    }

    /** The portal accepted the dossier's step {@code sequence}. */
    public static Callback portalSynced(String dossierCode, int sequence, DossierStatus status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sequence", sequence);
        data.put("status", status.code());
        return of(dossierCode, Kind.PORTAL_SYNCED, data);
    }

    /** The portal refused the dossier's step {@code sequence}; it is parked for an operator. */
    public static Callback portalRejected(String dossierCode, int sequence, String code, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sequence", sequence);
        data.put("code", code);
        data.put("message", message);
        return of(dossierCode, Kind.PORTAL_REJECTED, data);
    }

    /** The payment platform accepted our request: where and how the applicant pays. */
    public static Callback paymentRequested(String dossierCode, String reference, long amount, String paymentUrl,
                                            String qrPayload) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reference", reference);
        data.put("amount", amount);
        data.put("paymentUrl", paymentUrl);
        data.put("qrPayload", qrPayload);
        return of(dossierCode, Kind.PAYMENT_REQUESTED, data);
    }

    /** The payment is settled: confirmed by the platform's notification, or by a QUERY when that was lost. */
    public static Callback paymentConfirmed(String dossierCode, PaymentNotice paid, String receiptUrl) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reference", paid.reference());
        data.put("amount", paid.amount());
        data.put("transactionId", paid.transactionId());
        data.put("paidAt", paid.paidAt().withOffsetSameInstant(VIETNAM).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        data.put("receiptUrl", receiptUrl);
        return of(dossierCode, Kind.PAYMENT_CONFIRMED, data);
    }

    /** The platform reported the payment failed. */
    public static Callback paymentFailed(String dossierCode, PaymentNotice failed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reference", failed.reference());
        data.put("code", failed.code());
        data.put("message", failed.message());
        return of(dossierCode, Kind.PAYMENT_FAILED, data);
    }

    /** The postal operator accepted an order; {@code itemCode} is the shipment's number. */
    public static Callback postalOrder(String dossierCode, PostalServiceType serviceType, String itemCode, long codAmount) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serviceType", serviceType.name());
        data.put("itemCode", itemCode);
        data.put("codAmount", codAmount);
        return of(dossierCode, Kind.POSTAL_ORDER, data);
    }

    /** The postal operator refused an order ({@code Status}, {@code Message}); it is parked for an operator. */
    public static Callback postalOrderRefused(String dossierCode, PostalServiceType serviceType, String status,
                                              String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serviceType", serviceType.name());
        data.put("status", status);
        data.put("message", message);
        return of(dossierCode, Kind.POSTAL_ORDER_REFUSED, data);
    }

    /** A shipment of the dossier moved forward. */
    public static Callback postalTracking(String dossierCode, ShipmentReport report) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("itemCode", report.itemCode());
        data.put("statusCode", report.status().code());
        data.put("statusTime", report.statusTime().withOffsetSameInstant(VIETNAM)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        data.put("location", report.location());
        data.put("collectedAmount", report.collectedAmount());
        return of(dossierCode, Kind.POSTAL_TRACKING, data);
    }

    /** A ministry acknowledged our package with a valid signed receipt. */
    public static Callback ministryReceipt(String dossierCode, String agency, String messageId, String receiptId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agency", agency);
        data.put("messageId", messageId);
        data.put("receiptId", receiptId);
        return of(dossierCode, Kind.MINISTRY_RECEIPT, data);
    }

    /** A ministry reported a step of its work ({@code SubmitStatus}). */
    public static Callback ministryStatus(String dossierCode, String agency, String status, String note) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agency", agency);
        data.put("status", status);
        data.put("note", note);
        return of(dossierCode, Kind.MINISTRY_STATUS, data);
    }

    /** A ministry returned its result ({@code SubmitResult}); each document with an absolute, signed, expiring URL. */
    public static Callback ministryResult(String dossierCode, String agency, String outcome, String note,
                                          List<Map<String, Object>> documents) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agency", agency);
        data.put("outcome", outcome);
        data.put("note", note);
        data.put("documents", documents);
        return of(dossierCode, Kind.MINISTRY_RESULT, data);
    }
}
