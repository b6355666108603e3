package vn.gov.lgsp.adapters.ministry;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.ministry.wsdl.DocumentPart;
import vn.gov.lgsp.adapters.ministry.wsdl.InterAgencyExchangePortType;
import vn.gov.lgsp.adapters.ministry.wsdl.InterAgencyFault_Exception;
import vn.gov.lgsp.adapters.ministry.wsdl.PackageRequest;
import vn.gov.lgsp.adapters.ministry.wsdl.ReceiptResponse;
import vn.gov.lgsp.adapters.model.InterAgencyReceipt;
import vn.gov.lgsp.adapters.model.PeerExchange;

/**
 * Sends a ministry system our signed packages ({@code SubmitDossier}, DOMAIN 6) over CXF with MTOM: documents
 * stream from their files as parts, never held whole in memory. Sending the same bytes again is harmless (the
 * ministry answers a byte-identical repeat with its original receipt), so a call is always repeatable. The answer
 * counts only with a receipt signed by that ministry that acknowledges our message id and the digest of our bytes.
 */
public class MinistryClient {

    /** A ministry's receipt did not hold: not signed by it, or not acknowledging our message id and bytes. */
    public static final String RECEIPT_INVALID = "receipt.invalid";

    private final String peer;
    private final String agency;
    private final InterAgencyExchangePortType port;
    private final SignedPackages packages;
    private final PeerExchange.Journal journal;
    private final CallGuard guard;

    /** The ministry's receipt, checked, and its bytes as received (kept as proof of delivery). */
    public record Acknowledged(InterAgencyReceipt receipt, byte[] signedReceipt) {
    }

    /** A document part: the listed id and the file its bytes are read from, as the call streams them. */
    public record Part(String id, String mediaType, Path file) {
    }

    public MinistryClient(String peer, String agency, URI endpoint, Duration connectTimeout, Duration timeout,
                          SignedPackages packages, PeerExchange.Journal journal, CallGuard guard) {
        this.peer = peer;
        this.agency = agency;
        this.packages = packages;
        this.journal = journal;
        this.guard = guard;
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(InterAgencyExchangePortType.class);
        factory.setAddress(endpoint.toString());
        factory.setProperties(Map.of("mtom-enabled", Boolean.TRUE));
        this.port = (InterAgencyExchangePortType) factory.create();
        Client client = ClientProxy.getClient(port);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(timeout.toMillis());
        policy.setAllowChunking(true);
        ((HTTPConduit) client.getConduit()).setClient(policy);
    }

    public String agency() {
        return agency;
    }

    /**
     * Submits the package and returns the ministry's checked receipt. A {@code Client} fault is a
     * {@link PeerRejectedException} with the fault's code; anything else (a {@code Server} fault, no answer, a
     * receipt that does not hold) is a {@link PeerTransientException}, tried again with the same bytes.
     */
    public Acknowledged submitDossier(String dossierCode, String messageId, byte[] signedPackage, List<Part> parts) {
        String operation = "SubmitDossier " + messageId;
        PackageRequest request = new PackageRequest();
        request.setSignedPackage(signedPackage);
        for (Part part : parts) {
            DocumentPart document = new DocumentPart();
            document.setId(part.id());
            document.setValue(new DataHandler(new FileSource(part)));
            request.getDocument().add(document);
        }
        ReceiptResponse response;
        try {
            response = guard.call(true, () -> call(request));
        } catch (InterAgencyRefusal refused) {
            journal.record(new PeerExchange(peer, PeerExchange.Direction.OUT, dossierCode, operation, signedPackage,
                    refused.retryable() ? "FAILED" : "REJECTED", refused.code() + ": " + refused.getMessage()));
            if (refused.retryable()) {
                throw new PeerTransientException(refused.code(), agency + " could not take " + messageId + " now: "
                        + refused.getMessage(), refused, true);
            }
            throw new PeerRejectedException(refused.code(), agency + " refused " + messageId + ": " + refused.getMessage());
        } catch (PeerTransientException failed) {
            journal.record(new PeerExchange(peer, PeerExchange.Direction.OUT, dossierCode, operation, signedPackage,
                    "FAILED", failed.getMessage()));
            throw failed;
        }
        InterAgencyReceipt receipt = checkReceipt(response.getSignedReceipt(), messageId, signedPackage);
        journal.record(new PeerExchange(peer, PeerExchange.Direction.OUT, dossierCode, operation, signedPackage, "OK",
                "receipt " + receipt.messageId()));
        journal.record(new PeerExchange(peer, PeerExchange.Direction.IN, dossierCode, "Receipt " + receipt.messageId(),
                response.getSignedReceipt(), "OK", "acknowledges " + messageId));
        return new Acknowledged(receipt, response.getSignedReceipt());
    }

    private ReceiptResponse call(PackageRequest request) {
        try {
            return port.submitDossier(request);
        } catch (InterAgencyFault_Exception fault) {
            throw new InterAgencyRefusal(fault.getFaultInfo().getCode(), fault.getFaultInfo().getMessage());
        } catch (SOAPFaultException fault) {
            String code = fault.getFault().getFaultCodeAsQName().getLocalPart();
            throw new InterAgencyRefusal(code.equals("Client") ? InterAgencyRefusal.PACKAGE_MALFORMED
                    : InterAgencyRefusal.SERVER_ERROR, fault.getMessage());
        } catch (WebServiceException failed) {
            Throwable cause = failed.getCause();
            // No answer: a refused connection never reached the ministry; anything later may have.
            boolean reached = !(cause instanceof java.net.ConnectException);
            throw new PeerTransientException(peer + ".unreachable", agency + " SubmitDossier: " + failed.getMessage(),
                    failed, reached || cause instanceof SocketTimeoutException);
        }
    }

    /** The receipt must be signed by the ministry we sent to and acknowledge our message id and our exact bytes. */
    private InterAgencyReceipt checkReceipt(byte[] signedReceipt, String messageId, byte[] sent) {
        InterAgencyReceipt receipt;
        try {
            SignedPackages.Verified verified = packages.verify(signedReceipt);
            if (!agency.equals(verified.signerAgency())) {
                throw new InterAgencyRefusal(InterAgencyRefusal.SENDER_MISMATCH, "signed by " + verified.signerAgency());
            }
            receipt = InterAgencyXml.readReceipt(verified.document());
        } catch (InterAgencyRefusal bad) {
            throw invalidReceipt(messageId, bad.code() + ": " + bad.getMessage());
        }
        String digest = InterAgencyXml.digest(sent);
        if (!agency.equals(receipt.issuer()) || !messageId.equals(receipt.acknowledgedMessageId())
                || !digest.equals(receipt.acknowledgedDigest())) {
            throw invalidReceipt(messageId, "it acknowledges " + receipt.acknowledgedMessageId() + " with digest "
                    + receipt.acknowledgedDigest() + " issued by " + receipt.issuer() + ", not " + messageId + " with "
                    + digest + " by " + agency);
        }
        return receipt;
    }

    private PeerTransientException invalidReceipt(String messageId, String why) {
        return new PeerTransientException(RECEIPT_INVALID, agency + " answered " + messageId
                + " with a receipt that does not hold: " + why, null, true);
    }

    /** Reads the part's file only when the call writes it. */
    private record FileSource(Part part) implements DataSource {

        @Override
        public InputStream getInputStream() throws IOException {
            return Files.newInputStream(part.file());
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return part.id();
        }
    }
}
