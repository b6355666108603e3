package vn.gov.lgsp.adapters.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a ministry sends back about a package of ours (DOMAIN 6): a {@code StatusNotice} (a step of its work) or a
 * {@code ResultPackage} (its result, with documents).
 *
 * @param inReplyTo the {@code MessageId} of our {@code DossierPackage}
 * @param value     the {@code Status} of a notice or the {@code Outcome} of a result
 */
public record MinistryReply(Kind kind, String messageId, OffsetDateTime sentAt, String sender, String receiver,
                            String dossierCode, String inReplyTo, String value, String note,
                            List<InterAgencyDocument> documents) {

    public enum Kind {
        /** {@code StatusNotice}: {@code RECEIVED}, {@code PROCESSING}, {@code SUPPLEMENT_REQUESTED}. */
        STATUS,
        /** {@code ResultPackage}: {@code APPROVED} or {@code REFUSED}. */
        RESULT
    }

    public static final String APPROVED = "APPROVED";
    public static final String REFUSED = "REFUSED";

    public MinistryReply {
        documents = List.copyOf(documents);
    }

    public boolean approved() {
        return kind == Kind.RESULT && APPROVED.equals(value);
    }
}
