package vn.gov.lgsp.ministries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.ministry.InterAgencyInbox;
import vn.gov.lgsp.adapters.ministry.InterAgencyRefusal;
import vn.gov.lgsp.adapters.ministry.InterAgencyXml;
import vn.gov.lgsp.adapters.model.Attachment;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.MinistryReply;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.model.StagedContent;
import vn.gov.lgsp.attachments.AttachmentLinkSigner;
import vn.gov.lgsp.attachments.AttachmentStore;
import vn.gov.lgsp.delivery.FollowUps;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.ledger.Outbox;
import vn.gov.lgsp.web.InboundRejections;

/**
 * Statuses and results from ministries, once the service has checked them: each is recorded with its receipt and
 * told to the one-stop software ({@code MINISTRY_STATUS}, {@code MINISTRY_RESULT} with links to the result
 * documents); an approved result decides the chain's next step, with the earlier results as its documents; the last
 * result, or a refusal, ends the chain. All of it in one commit, so that a repeat finds it done and gets its receipt.
 */
@Component
public class MinistryInbox implements InterAgencyInbox {

    private final MinistryLedger ledger;
    private final MinistryChains chains;
    private final MinistryPackages packages;
    private final MessageLog messageLog;
    private final FollowUps followUps;
    private final Outbox outbox;
    private final AttachmentStore attachments;
    private final AttachmentLinkSigner links;
    private final InboundRejections rejections;
    private final ObjectMapper json;

    public MinistryInbox(MinistryLedger ledger, MinistryChains chains, MinistryPackages packages, MessageLog messageLog,
                         FollowUps followUps, Outbox outbox, AttachmentStore attachments, AttachmentLinkSigner links,
                         InboundRejections rejections, ObjectMapper json) {
        this.ledger = ledger;
        this.chains = chains;
        this.packages = packages;
        this.messageLog = messageLog;
        this.followUps = followUps;
        this.outbox = outbox;
        this.attachments = attachments;
        this.links = links;
        this.rejections = rejections;
        this.json = json;
    }

    @Override
    public Optional<SentPackage> sentPackage(String messageId) {
        return ledger.packageOf(messageId).map(p -> new SentPackage(p.dossierCode(), p.agency()));
    }

    @Override
    public StagedContent.Staging staging() {
        return attachments;
    }

    @Override
    public byte[] accept(MinistryReply reply, byte[] signedPackage, List<ReceivedDocument> documents,
                         Supplier<byte[]> signReceipt) {
        String digest = InterAgencyXml.digest(signedPackage);
        AtomicReference<byte[]> answer = new AtomicReference<>();
        AtomicReference<Runnable> afterCommit = new AtomicReference<>();
        try {
            messageLog.inTransaction(() -> {
                afterCommit.set(() -> { });
                Optional<MinistryLedger.Received> before = ledger.received(reply.sender(), reply.messageId());
                if (before.isPresent()) {
                    if (!before.get().sha256().equals(digest)) {
                        throw new InterAgencyRefusal(InterAgencyRefusal.MESSAGE_CONFLICT, "message " + reply.messageId()
                                + " was received from " + reply.sender() + " before with other bytes");
                    }
                    answer.set(before.get().receipt());
                    // A ministry sends again what it had no answer to: perhaps the news or the next package it led to
                    // were not queued after the first commit. Queued again; the broker and the flows drop repeats.
                    afterCommit.set(() -> {
                        followUps.resend(MinistryPackages.peerOf(reply.sender()), reply.dossierCode(), 0);
                        packages.resend(reply.dossierCode());
                    });
                    return List.of();
                }
                byte[] receipt = signReceipt.get();
                ledger.recordReply(reply, digest, signedPackage, receipt);
                for (ReceivedDocument document : documents) {
                    attachments.keepDocument(document.content());
                    ledger.recordDocument(reply, document.listed());
                }
                Runnable news = followUps.record(MinistryPackages.peerOf(reply.sender()), new Step(reply.dossierCode(), 0,
                        reply.messageId(), 0, reply.sentAt()), List.of(newsOf(reply)));
                Outbox.Made next = reply.kind() == MinistryReply.Kind.RESULT ? followResult(reply) : null;
                afterCommit.set(() -> {
                    news.run();
                    if (next != null) {
                        outbox.send(next);
                    }
                });
                answer.set(receipt);
                return List.of(new PeerExchange(MinistryPackages.peerOf(reply.sender()), PeerExchange.Direction.IN,
                        reply.dossierCode(), (reply.kind() == MinistryReply.Kind.STATUS ? "SubmitStatus " : "SubmitResult ")
                        + reply.messageId(), signedPackage, "ACCEPTED", reply.value() + " in reply to " + reply.inReplyTo()));
            });
        } finally {
            attachments.discardStaged();
        }
        afterCommit.get().run();
        return answer.get();
    }

    @Override
    public void refused(String operation, String sender, String code, String message, byte[] payload) {
        attachments.discardStaged();
        rejections.record("SOAP " + operation, "ministry:" + sender, 500, code + ": " + message);
    }

    /** An approved result goes on to the next ministry of a running chain; the last one, or a refusal, ends it. */
    private Outbox.Made followResult(MinistryReply result) {
        MinistryLedger.ChainRow chain = ledger.chain(result.dossierCode()).orElseThrow();
        MinistryLedger.PackageRow answered = ledger.packageOf(result.inReplyTo()).orElseThrow();
        if (chain.state() != MinistryLedger.ChainState.RUNNING || ledger.hasResult(result.inReplyTo(), result.messageId())) {
            return null;
        }
        if (!result.approved()) {
            ledger.endChain(result.dossierCode(), MinistryLedger.ChainState.REFUSED, result.sender() + " refused"
                    + (result.note() == null ? "" : ": " + result.note()));
            return null;
        }
        if (answered.stepNo() >= chain.steps()) {
            ledger.endChain(result.dossierCode(), MinistryLedger.ChainState.COMPLETED, "every ministry approved");
            return null;
        }
        MinistryChains.Named named = chains.forProcedure(chain.procedureCode()).orElseThrow(() -> new IllegalStateException(
                "procedure " + chain.procedureCode() + " no longer has a chain in the chain table"));
        return packages.decide(named, answered.stepNo() + 1, startingEvent(chain.eventId()));
    }

    private Callback newsOf(MinistryReply reply) {
        if (reply.kind() == MinistryReply.Kind.STATUS) {
            return Callback.ministryStatus(reply.dossierCode(), reply.sender(), reply.value(), reply.note());
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (InterAgencyDocument d : reply.documents()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("id", d.id());
            document.put("name", d.name());
            document.put("mediaType", d.mediaType());
            document.put("sha256", d.sha256());
            document.put("url", links.linkFor(new Attachment(d.id(), d.name(), null, d.mediaType(), d.size(), d.sha256(),
                    null)).toString());
            documents.add(document);
        }
        return Callback.ministryResult(reply.dossierCode(), reply.sender(), reply.value(), reply.note(), documents);
    }

    private DossierEvent startingEvent(String eventId) {
        try {
            return json.readValue(ledger.startingEvent(eventId), DossierEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the event that started the chain cannot be read", e);
        }
    }
}
