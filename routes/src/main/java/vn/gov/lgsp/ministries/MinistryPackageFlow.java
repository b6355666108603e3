package vn.gov.lgsp.ministries;

import java.util.List;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.ministry.MinistryClient;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.attachments.AttachmentStore;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.PeerFlow;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * One ministry's flow: the packages decided for it go out in each dossier's order, each exactly as signed (a retry
 * sends the same bytes), with its documents streamed from the attachment store; the ministry's checked receipt is
 * kept and told to the one-stop software ({@code MINISTRY_RECEIPT}). A ministry that keeps failing opens its own
 * breaker and holds only its own queue. A package of a chain stopped meanwhile is not sent.
 */
public class MinistryPackageFlow implements PeerFlow<MinistrySubmission> {

    static final String DOCUMENT_MISSING = "ministry.document-missing";

    private final FlowDefinition definition;
    private final MinistryClient client;
    private final MinistryLedger ledger;
    private final MinistryPackages packages;
    private final AttachmentStore attachments;

    public MinistryPackageFlow(FlowDefinition definition, MinistryClient client, MinistryLedger ledger,
                               MinistryPackages packages, AttachmentStore attachments) {
        this.definition = definition;
        this.client = client;
        this.ledger = ledger;
        this.packages = packages;
        this.attachments = attachments;
    }

    @Override
    public FlowDefinition definition() {
        return definition;
    }

    @Override
    public Class<MinistrySubmission> messageType() {
        return MinistrySubmission.class;
    }

    @Override
    public Step step(MinistrySubmission message) {
        return new Step(message.dossierCode(), message.sequence(), message.messageId(), 0, message.madeAt());
    }

    @Override
    public void deliver(MinistrySubmission message, PeerSteps.NextStep position, boolean peerMayHaveIt) {
        MinistryLedger.PackageRow sent = ledger.packageOf(message.messageId()).orElseThrow(() -> new IllegalStateException(
                "package " + message.messageId() + " of " + message.dossierCode() + " is not in the ledger"));
        if (sent.receiptId() != null || stopped(message.dossierCode())) {
            return;
        }
        List<MinistryClient.Part> parts = packages.parts(sent.parts()).stream().map(part -> new MinistryClient.Part(
                part.id(), part.mediaType(), attachments.find(part.sha256()).orElseThrow(() -> new PeerRejectedException(
                        DOCUMENT_MISSING, "document " + part.id() + " (SHA-256 " + part.sha256()
                        + ") is no longer in the attachment store")))).toList();
        MinistryClient.Acknowledged acknowledged = client.submitDossier(message.dossierCode(), message.messageId(),
                sent.signedPackage(), parts);
        ledger.recordReceipt(message.messageId(), acknowledged.receipt().messageId(), acknowledged.signedReceipt());
    }

    @Override
    public List<Callback> whenDelivered(MinistrySubmission message) {
        return ledger.packageOf(message.messageId()).filter(p -> p.receiptId() != null)
                .map(p -> List.of(Callback.ministryReceipt(message.dossierCode(), message.agency(), message.messageId(),
                        p.receiptId())))
                .orElse(List.of());
    }

    private boolean stopped(String dossierCode) {
        return ledger.chain(dossierCode).map(c -> c.state() == MinistryLedger.ChainState.STOPPED).orElse(false);
    }
}
