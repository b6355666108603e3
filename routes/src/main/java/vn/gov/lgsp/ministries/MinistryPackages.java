package vn.gov.lgsp.ministries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.ministry.InterAgencyXml;
import vn.gov.lgsp.adapters.ministry.SignedPackages;
import vn.gov.lgsp.adapters.model.Attachment;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.MinistryPackage;
import vn.gov.lgsp.ledger.Outbox;

/**
 * Decides a chain step: builds the step's {@code DossierPackage} (the dossier as the one-stop software reported it
 * received, its attachments, and the earlier ministries' result documents), signs it once with the province's key,
 * keeps it, and makes the message for that ministry's flow; all in the caller's transaction.
 */
@Component
public class MinistryPackages {

    /** The peer flow of one ministry, and its queue. */
    public static String peerOf(String agency) {
        return "ministry-" + agency;
    }

    public static String queueOf(String agency) {
        return "ministry." + agency;
    }

    /** A file that travels with a package: its id in the package and where the attachment store keeps it. */
    public record Part(String id, String sha256, String mediaType) {
    }

    private final MinistryChains chains;
    private final MinistryLedger ledger;
    private final SignedPackages signed;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final String province;

    public MinistryPackages(MinistryChains chains, MinistryLedger ledger, SignedPackages signed, Outbox outbox,
                            ObjectMapper json) {
        this.chains = chains;
        this.ledger = ledger;
        this.signed = signed;
        this.outbox = outbox;
        this.json = json;
        this.province = signed.ownAgency().orElse(null);
    }

    /** Decides step {@code stepNo} (1-based) of the dossier's chain; the message is to be sent once committed. */
    public Outbox.Made decide(MinistryChains.Named chain, int stepNo, DossierEvent received) {
        if (province == null) {
            throw new IllegalStateException("no signing key is configured (app.signatures.signing.*): inter-agency "
                    + "packages cannot be signed");
        }
        MinistryChains.ChainStep step = chain.steps().get(stepNo - 1);
        String dossierCode = received.dossierCode();
        String messageId = UUID.randomUUID().toString();
        OffsetDateTime sentAt = OffsetDateTime.now(Callback.VIETNAM).withNano(0);
        OffsetDateTime dueAt = chains.dueAt(sentAt, step.dueWorkingDays());
        List<InterAgencyDocument> documents = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        for (Attachment a : received.dossier().attachments()) {
            documents.add(new InterAgencyDocument(a.id(), a.name(), a.mediaType(), a.size(), a.sha256()));
            parts.add(new Part(a.id(), a.sha256(), a.mediaType()));
        }
        for (MinistryLedger.ResultDocument earlier : ledger.resultDocuments(dossierCode)) {
            InterAgencyDocument d = earlier.document();
            String id = earlier.agency() + "-" + d.id();
            documents.add(new InterAgencyDocument(id, d.name(), d.mediaType(), d.size(), d.sha256()));
            parts.add(new Part(id, d.sha256(), d.mediaType()));
        }
        MinistryPackage dossierPackage = new MinistryPackage(messageId, sentAt, province, step.agency(), dossierCode,
                received.dossier().procedureCode(), chain.name(), stepNo, chain.steps().size(), dueAt,
                received.dossier().applicant(), received.dossier().summary(), documents);
        byte[] bytes = signed.sign(InterAgencyXml.dossierPackage(dossierPackage));
        ledger.recordPackage(messageId, dossierCode, stepNo, step.agency(), bytes, write(parts), dueAt);
        return outbox.add(peerOf(step.agency()), queueOf(step.agency()), dossierCode, messageId, step.agency(),
                "DossierPackage", MinistryChainFlow.PEER, stepNo,
                (sequence, at) -> write(new MinistrySubmission(dossierCode, sequence, messageId, step.agency(), at)));
    }

    /** Queues again the packages decided for the dossier, in case a crash came between deciding and queueing them. */
    public void resend(String dossierCode) {
        for (String agency : chains.agencies()) {
            outbox.madeFrom(peerOf(agency), queueOf(agency), dossierCode, MinistryChainFlow.PEER, 0).forEach(outbox::send);
        }
    }

    public List<Part> parts(String partsJson) {
        try {
            return json.readValue(partsJson, new TypeReference<List<Part>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable parts list " + partsJson, e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
