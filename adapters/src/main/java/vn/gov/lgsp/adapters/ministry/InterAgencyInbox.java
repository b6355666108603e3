package vn.gov.lgsp.adapters.ministry;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.MinistryReply;
import vn.gov.lgsp.adapters.model.StagedContent;

/**
 * What the province's inter-agency service needs of the application: which packages it sent, where received
 * documents are staged, and recording a reply once every check has passed. Implemented by the ministry flows.
 */
public interface InterAgencyInbox {

    /** A package of ours: the dossier it was about and the ministry it went to. */
    record SentPackage(String dossierCode, String receiver) {
    }

    /** A document part as received, checked against what the reply lists. */
    record ReceivedDocument(InterAgencyDocument listed, StagedContent content) {
    }

    /** Our package with that message id; empty when we sent none. */
    Optional<SentPackage> sentPackage(String messageId);

    /** Where document parts are written while they are read. */
    StagedContent.Staging staging();

    /**
     * Records the reply, its bytes, its documents and the receipt that answers it, all at once, and returns the
     * receipt to answer: the one {@code signReceipt} makes, or, for a byte-identical repeat of a reply recorded
     * before, the original one.
     *
     * @throws InterAgencyRefusal {@code message.conflict} when the sender used the message id before for other bytes
     */
    byte[] accept(MinistryReply reply, byte[] signedPackage, List<ReceivedDocument> documents, Supplier<byte[]> signReceipt);

    /** A message refused with a fault, for the record; nothing of it is kept. */
    void refused(String operation, String sender, String code, String message, byte[] payload);
}
