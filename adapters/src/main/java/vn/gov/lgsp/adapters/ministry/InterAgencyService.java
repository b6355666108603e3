package vn.gov.lgsp.adapters.ministry;

import jakarta.activation.DataHandler;
import jakarta.jws.WebService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.cxf.binding.soap.SoapFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import vn.gov.lgsp.adapters.ministry.wsdl.DocumentPart;
import vn.gov.lgsp.adapters.ministry.wsdl.InterAgencyExchangePortType;
import vn.gov.lgsp.adapters.ministry.wsdl.PackageRequest;
import vn.gov.lgsp.adapters.ministry.wsdl.ReceiptResponse;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.InterAgencyReceipt;
import vn.gov.lgsp.adapters.model.MinistryReply;
import vn.gov.lgsp.adapters.model.StagedContent;

/**
 * The province's side of the inter-agency contract ({@code /services/inter-agency}, DOMAIN 6): ministries submit
 * statuses and results. Every check of the contract runs in its order before anything is recorded; the first that
 * fails is answered with a SOAP fault carrying its code ({@code Client}, or {@code Server} for our own trouble and
 * an unknown revocation status), and recorded. What passes is recorded with the signed receipt that answers it.
 */
@WebService(serviceName = "InterAgencyExchange", portName = "InterAgencyExchangePort",
        targetNamespace = InterAgencyXml.NS, wsdlLocation = "classpath:wsdl/inter-agency.wsdl",
        endpointInterface = "vn.gov.lgsp.adapters.ministry.wsdl.InterAgencyExchangePortType")
public class InterAgencyService implements InterAgencyExchangePortType {

    public static final long MAX_PACKAGE_BYTES = 10L * 1024 * 1024;
    public static final long MAX_PART_BYTES = 50L * 1024 * 1024;
    /** Largest request as a whole; the HTTP layer answers 413 beyond it before SOAP is read. */
    public static final long MAX_REQUEST_BYTES = 100L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(InterAgencyService.class);

    private final SignedPackages packages;
    private final InterAgencyInbox inbox;
    private final String ownAgency;
    private final Clock clock;

    public InterAgencyService(SignedPackages packages, InterAgencyInbox inbox, Clock clock) {
        this.packages = packages;
        this.inbox = inbox;
        this.ownAgency = packages.ownAgency().orElseThrow(() -> new IllegalStateException(
                "the inter-agency service needs the province's signing key (app.signatures.signing.*)"));
        this.clock = clock;
    }

    @Override
    public ReceiptResponse submitDossier(PackageRequest request) {
        throw fault("SubmitDossier", request, new InterAgencyRefusal(InterAgencyRefusal.RECEIVER_WRONG,
                "the province takes statuses and results (SubmitStatus, SubmitResult); dossiers go to ministries"));
    }

    @Override
    public ReceiptResponse submitStatus(PackageRequest request) {
        return receive("SubmitStatus", MinistryReply.Kind.STATUS, request);
    }

    @Override
    public ReceiptResponse submitResult(PackageRequest request) {
        return receive("SubmitResult", MinistryReply.Kind.RESULT, request);
    }

    private ReceiptResponse receive(String operation, MinistryReply.Kind kind, PackageRequest request) {
        try {
            byte[] bytes = request.getSignedPackage();
            if (bytes == null || bytes.length == 0) {
                throw new InterAgencyRefusal(InterAgencyRefusal.PACKAGE_MALFORMED, "SignedPackage is empty");
            }
            Document document = InterAgencyXml.parse(bytes);
            if (bytes.length > MAX_PACKAGE_BYTES) {
                throw new InterAgencyRefusal(InterAgencyRefusal.TOO_LARGE, "the package has " + bytes.length
                        + " bytes; at most " + MAX_PACKAGE_BYTES + " are taken");
            }
            List<StagedPart> parts = stage(request.getDocument());
            SignedPackages.Verified verified = packages.verify(document);
            InterAgencyXml.validate(document);
            String expected = kind == MinistryReply.Kind.STATUS ? "StatusNotice" : "ResultPackage";
            if (!expected.equals(InterAgencyXml.kind(document))) {
                throw new InterAgencyRefusal(InterAgencyRefusal.PACKAGE_MALFORMED, operation + " carries a "
                        + expected + ", not a " + InterAgencyXml.kind(document));
            }
            MinistryReply reply = InterAgencyXml.readReply(document);
            if (!ownAgency.equals(reply.receiver())) {
                throw new InterAgencyRefusal(InterAgencyRefusal.RECEIVER_WRONG, "the Receiver is " + reply.receiver()
                        + ", this province is " + ownAgency);
            }
            if (!reply.sender().equals(verified.signerAgency())) {
                throw new InterAgencyRefusal(InterAgencyRefusal.SENDER_MISMATCH, "the Sender is " + reply.sender()
                        + " but the package is signed by " + verified.signerAgency());
            }
            InterAgencyInbox.SentPackage sent = inbox.sentPackage(reply.inReplyTo())
                    .filter(p -> p.dossierCode().equals(reply.dossierCode()))
                    .orElseThrow(() -> new InterAgencyRefusal(InterAgencyRefusal.REPLY_UNKNOWN, "no package "
                            + reply.inReplyTo() + " of dossier " + reply.dossierCode() + " was sent from this province"));
            if (!sent.receiver().equals(reply.sender())) {
                throw new InterAgencyRefusal(InterAgencyRefusal.SENDER_MISMATCH, "package " + reply.inReplyTo()
                        + " was sent to " + sent.receiver() + ", not to " + reply.sender());
            }
            List<InterAgencyInbox.ReceivedDocument> documents = match(reply.documents(), parts);
            byte[] receipt = inbox.accept(reply, bytes, documents, () -> receipt(reply.messageId(), bytes));
            ReceiptResponse response = new ReceiptResponse();
            response.setSignedReceipt(receipt);
            return response;
        } catch (InterAgencyRefusal refused) {
            throw fault(operation, request, refused);
        } catch (RuntimeException trouble) {
            log.error("{} could not be taken: {}", operation, trouble.toString(), trouble);
            throw fault(operation, request, new InterAgencyRefusal(InterAgencyRefusal.SERVER_ERROR,
                    "the province could not take the message now; send the same bytes again later"));
        }
    }

    private byte[] receipt(String acknowledged, byte[] bytes) {
        InterAgencyReceipt receipt = new InterAgencyReceipt(UUID.randomUUID().toString(),
                OffsetDateTime.now(clock).withNano(0), ownAgency, acknowledged, InterAgencyXml.digest(bytes));
        return packages.sign(InterAgencyXml.receipt(receipt));
    }

    private record StagedPart(String id, StagedContent content) {
    }

    /** Reads each part into staging as it arrives, counting it: a part over the limit is refused while read. */
    private List<StagedPart> stage(List<DocumentPart> parts) {
        List<StagedPart> staged = new ArrayList<>();
        for (DocumentPart part : parts) {
            DataHandler data = part.getValue();
            try {
                StagedContent.Sink sink = inbox.staging().open();
                try (InputStream in = data == null ? InputStream.nullInputStream() : data.getInputStream();
                     OutputStream out = sink.stream()) {
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        total += n;
                        if (total > MAX_PART_BYTES) {
                            throw new InterAgencyRefusal(InterAgencyRefusal.TOO_LARGE, "document part " + part.getId()
                                    + " is over " + MAX_PART_BYTES + " bytes");
                        }
                        out.write(buffer, 0, n);
                    }
                }
                staged.add(new StagedPart(part.getId(), sink.finish()));
            } catch (IOException e) {
                throw new InterAgencyRefusal(InterAgencyRefusal.PACKAGE_MALFORMED, "document part " + part.getId()
                        + " could not be read: " + e.getMessage());
            }
        }
        return staged;
    }

    /** Every listed document present once with its size and digest, and no part that is not listed. */
    private static List<InterAgencyInbox.ReceivedDocument> match(List<InterAgencyDocument> listed, List<StagedPart> parts) {
        Map<String, StagedPart> byId = new HashMap<>();
        for (StagedPart part : parts) {
            if (byId.put(part.id(), part) != null) {
                throw new InterAgencyRefusal(InterAgencyRefusal.DOCUMENT_MISMATCH, "part " + part.id() + " comes twice");
            }
        }
        List<InterAgencyInbox.ReceivedDocument> documents = new ArrayList<>();
        for (InterAgencyDocument document : listed) {
            StagedPart part = byId.remove(document.id());
            if (part == null) {
                throw new InterAgencyRefusal(InterAgencyRefusal.DOCUMENT_MISMATCH, "document " + document.id()
                        + " is listed but no part carries it");
            }
            if (part.content().size() != document.size() || !part.content().sha256().equals(document.sha256())) {
                throw new InterAgencyRefusal(InterAgencyRefusal.DOCUMENT_MISMATCH, "part " + document.id() + " has "
                        + part.content().size() + " bytes with SHA-256 " + part.content().sha256() + "; the package lists "
                        + document.size() + " bytes with " + document.sha256());
            }
            documents.add(new InterAgencyInbox.ReceivedDocument(document, part.content()));
        }
        if (!byId.isEmpty()) {
            throw new InterAgencyRefusal(InterAgencyRefusal.DOCUMENT_MISMATCH, "parts " + byId.keySet()
                    + " are not listed in the package");
        }
        return documents;
    }

    private SoapFault fault(String operation, PackageRequest request, InterAgencyRefusal refused) {
        byte[] payload = request == null ? null : request.getSignedPackage();
        inbox.refused(operation, senderOf(payload), refused.code(), refused.getMessage(), payload);
        return InterAgencyFaults.fault(refused);
    }

    /** The claimed sender, for the record only: nothing is trusted of a refused message. */
    private static String senderOf(byte[] payload) {
        if (payload == null) {
            return "unknown";
        }
        try {
            String sender = InterAgencyXml.parse(payload).getDocumentElement()
                    .getElementsByTagNameNS(InterAgencyXml.NS, "Sender").item(0).getTextContent();
            return sender.length() > 50 ? sender.substring(0, 50) : sender;
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
