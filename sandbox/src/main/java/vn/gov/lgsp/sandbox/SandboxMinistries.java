package vn.gov.lgsp.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.xml.soap.AttachmentPart;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.MimeHeaders;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.xml.XMLConstants;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Simulated ministry systems of the inter-agency exchange (DOMAIN 6), on one loopback port, one path each
 * ({@code /ministries/<agency code>}). Built apart from the middleware's adapters: SOAP is read with SAAJ (MTOM parts
 * or inline base64), signatures are checked and made with the JDK's XML signature API. Each ministry checks our
 * {@code DossierPackage} (signature, signer's chain to the sandbox root, its agency code, receiver, documents),
 * answers a signed receipt (the same one for a byte-identical repeat), then sends a few statuses and a signed result
 * with a document to the province's service, checking the province's receipts in turn. It can be told to refuse,
 * fault, answer slowly, be down, or refuse the result of a dossier.
 */
public final class SandboxMinistries implements AutoCloseable {

    public static final String NS = "urn:lgsp:interagency:1";
    private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String XOP_NS = "http://www.w3.org/2004/08/xop/include";
    private static final Logger log = LoggerFactory.getLogger(SandboxMinistries.class);

    /** One simulated ministry: its agency code and its key and certificate chain from the sandbox PKI. */
    public record Ministry(String agency, PrivateKey key, List<X509Certificate> chain) {
    }

    /** A package a ministry accepted. */
    public record Accepted(String agency, String messageId, String dossierCode, int step, List<String> documentIds,
                           String digest) {
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    private final Map<String, Ministry> ministries = new HashMap<>();
    private final X509Certificate trustRoot;
    private final String province;
    private final XMLSignatureFactory signatures = XMLSignatureFactory.getInstance("DOM");
    private final Map<String, byte[]> receiptsByMessage = new ConcurrentHashMap<>();
    private final Map<String, String> digestsByMessage = new ConcurrentHashMap<>();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    /** What did not hold, by dossier code ("" when none could be read). */
    private final Map<String, List<String>> problems = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failNext = new ConcurrentHashMap<>();
    private final Map<String, String> refuseNext = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Set<String> refuseResultOf = ConcurrentHashMap.newKeySet();
    private final Set<String> holdResultOf = ConcurrentHashMap.newKeySet();
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong statusesAcknowledged = new AtomicLong();
    private final AtomicLong resultsAcknowledged = new AtomicLong();
    private volatile Duration answerDelay = Duration.ZERO;
    private final Duration replyStep;
    private volatile URI provinceEndpoint;

    private SandboxMinistries(int port, List<Ministry> ministries, X509Certificate trustRoot, String province,
                              Duration replyStep) throws IOException {
        ministries.forEach(m -> this.ministries.put(m.agency(), m));
        this.trustRoot = trustRoot;
        this.province = province;
        this.replyStep = replyStep;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/ministries/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        log.info("Sandbox ministries {} listening on {}", this.ministries.keySet(), baseUrl());
    }

    /**
     * @param trustRoot the sandbox root CA: the province's signer must chain to it
     * @param province  the province's agency code: the only sender taken, the receiver of replies
     * @param replyStep time between a ministry's receipt, its statuses and its result
     */
    public static SandboxMinistries start(int port, List<Ministry> ministries, X509Certificate trustRoot, String province,
                                          Duration replyStep) throws IOException {
        return new SandboxMinistries(port, ministries, trustRoot, province, replyStep);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ministries");
    }

    public URI endpointOf(String agency) {
        return URI.create(baseUrl() + "/" + agency);
    }

    /** Where statuses and results go: the province's {@code /services/inter-agency}. */
    public void replyTo(URI endpoint) {
        provinceEndpoint = endpoint;
    }

    // ---- steering ----------------------------------------------------------------------------------------

    /** The ministry answers the next {@code times} packages with a Server fault (its own trouble). */
    public void failNext(String agency, int times) {
        failNext.computeIfAbsent(agency, a -> new AtomicInteger()).set(times);
    }

    /** The ministry refuses the next package with a Client fault carrying {@code code}. */
    public void refuseNext(String agency, String code) {
        refuseNext.put(agency, code);
    }

    /** The ministry is down (HTTP 503) until told otherwise. */
    public void down(String agency, boolean isDown) {
        if (isDown) {
            down.add(agency);
        } else {
            down.remove(agency);
        }
    }

    /** Every answer comes this late. */
    public void answerDelay(Duration delay) {
        answerDelay = delay;
    }

    /** The first ministry that decides this dossier refuses it. */
    public void refuseResultOf(String dossierCode) {
        refuseResultOf.add(dossierCode);
    }

    /** Ministries send statuses of this dossier but hold its result back (a step that goes overdue). */
    public void holdResultOf(String dossierCode) {
        holdResultOf.add(dossierCode);
    }

    /** Back to normal behaviour (what happened so far is kept). */
    public void reset() {
        failNext.clear();
        refuseNext.clear();
        down.clear();
        refuseResultOf.clear();
        holdResultOf.clear();
        answerDelay = Duration.ZERO;
    }

    // ---- what happened -----------------------------------------------------------------------------------

    public List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    public List<Accepted> acceptedFor(String dossierCode) {
        return accepted.stream().filter(a -> a.dossierCode().equals(dossierCode)).toList();
    }

    /** Calls that reached a ministry (accepted, repeated, refused or faulted). */
    public long submissions() {
        return submissions.get();
    }

    /** Byte-identical packages sent again, answered with their original receipt. */
    public long repeats() {
        return repeats.get();
    }

    public long refused() {
        return refused.get();
    }

    public long statusesAcknowledged() {
        return statusesAcknowledged.get();
    }

    public long resultsAcknowledged() {
        return resultsAcknowledged.get();
    }

    /** What did not hold: a package that failed a check, a province receipt that did not verify. */
    public List<String> problems() {
        return problems.values().stream().flatMap(List::stream).toList();
    }

    /** What did not hold about one dossier's packages and replies. */
    public List<String> problemsOf(String dossierCode) {
        return List.copyOf(problems.getOrDefault(dossierCode, List.of()));
    }

    private void problem(String dossierCode, String text) {
        problems.computeIfAbsent(dossierCode == null ? "" : dossierCode, k -> new CopyOnWriteArrayList<>()).add(text);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ---- the ministry's service --------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String agency = exchange.getRequestURI().getPath().substring("/ministries/".length());
            Ministry ministry = ministries.get(agency);
            if (ministry == null || !exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            submissions.incrementAndGet();
            if (down.contains(agency)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            pause(answerDelay);
            AtomicInteger failures = failNext.get(agency);
            if (failures != null && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, 500, fault("Server", "server.error", "the ministry system is busy; try again"));
                return;
            }
            String refusal = refuseNext.remove(agency);
            if (refusal != null) {
                refused.incrementAndGet();
                respond(exchange, 500, fault("Client", refusal, "refused by the sandbox ministry as steered"));
                return;
            }
            try {
                respond(exchange, 200, submitDossier(ministry, exchange.getRequestHeaders().getFirst("Content-Type"), body));
            } catch (Refusal r) {
                refused.incrementAndGet();
                problem(r.dossierCode, agency + ": " + r.code + " " + r.getMessage());
                respond(exchange, 500, fault("Client", r.code, r.getMessage()));
            }
        }
    }

    private String submitDossier(Ministry ministry, String contentType, byte[] body) {
        Request request = readRequest(contentType, body, "SubmitDossierRequest");
        Document doc = parse(request.signedPackage);
        Element root = doc.getDocumentElement();
        if (!NS.equals(root.getNamespaceURI()) || !"DossierPackage".equals(root.getLocalName())) {
            throw new Refusal("package.malformed", "not a DossierPackage");
        }
        Element dossier = child(root, "DossierCode");
        try {
            return acceptDossier(ministry, request, root);
        } catch (Refusal r) {
            r.dossierCode = dossier == null ? null : dossier.getTextContent().trim();
            throw r;
        }
    }

    private synchronized String acceptDossier(Ministry ministry, Request request, Element root) {
        String signer = verify(root.getOwnerDocument());
        String messageId = text(root, "MessageId");
        String digest = sha256(request.signedPackage);
        String before = digestsByMessage.putIfAbsent(messageId, digest);
        if (before != null) {
            if (!before.equals(digest)) {
                throw new Refusal("message.conflict", "message " + messageId + " came before with other bytes");
            }
            repeats.incrementAndGet();
            return response("SubmitDossierResponse", receiptsByMessage.get(messageId));
        }
        try {
            if (!text(root, "Sender").equals(province) || !signer.equals(province)) {
                throw new Refusal("sender.mismatch", "sender " + text(root, "Sender") + " signed by " + signer);
            }
            if (!text(root, "Receiver").equals(ministry.agency())) {
                throw new Refusal("receiver.wrong", "the package is for " + text(root, "Receiver"));
            }
            List<String> ids = checkDocuments(root, request.documents);
            Element chain = child(root, "Chain");
            byte[] receipt = signedReceipt(ministry, messageId, digest);
            receiptsByMessage.put(messageId, receipt);
            Accepted taken = new Accepted(ministry.agency(), messageId, text(root, "DossierCode"),
                    Integer.parseInt(chain.getAttribute("step")), ids, digest);
            accepted.add(taken);
            scheduleReplies(ministry, taken);
            return response("SubmitDossierResponse", receipt);
        } catch (Refusal r) {
            digestsByMessage.remove(messageId, digest);
            throw r;
        }
    }

    private List<String> checkDocuments(Element root, Map<String, byte[]> parts) {
        List<String> ids = new ArrayList<>();
        Map<String, byte[]> left = new HashMap<>(parts);
        for (Element d : children(root, "Document")) {
            byte[] bytes = left.remove(d.getAttribute("id"));
            if (bytes == null || bytes.length != Long.parseLong(d.getAttribute("size"))
                    || !sha256(bytes).equals(d.getAttribute("sha256"))) {
                throw new Refusal("document.mismatch", "document " + d.getAttribute("id") + " is missing or altered");
            }
            ids.add(d.getAttribute("id"));
        }
        if (!left.isEmpty()) {
            throw new Refusal("document.mismatch", "parts " + left.keySet() + " are not listed");
        }
        return ids;
    }

    // ---- replies to the province -------------------------------------------------------------------------

    private void scheduleReplies(Ministry ministry, Accepted accepted) {
        long step = Math.max(1, replyStep.toMillis());
        clock.schedule(() -> reply(ministry, accepted, "SubmitStatus", "StatusNotice", "RECEIVED"), step, TimeUnit.MILLISECONDS);
        clock.schedule(() -> reply(ministry, accepted, "SubmitStatus", "StatusNotice", "PROCESSING"), 2 * step,
                TimeUnit.MILLISECONDS);
        if (!holdResultOf.contains(accepted.dossierCode())) {
            String outcome = refuseResultOf.remove(accepted.dossierCode()) ? "REFUSED" : "APPROVED";
            clock.schedule(() -> reply(ministry, accepted, "SubmitResult", "ResultPackage", outcome), 3 * step,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void reply(Ministry ministry, Accepted to, String operation, String root, String value) {
        try {
            Document doc = newDocument();
            Element e = doc.createElementNS(NS, root);
            e.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NS);
            doc.appendChild(e);
            String messageId = UUID.randomUUID().toString();
            append(e, "MessageId", messageId);
            append(e, "SentAt", now());
            append(e, "Sender", ministry.agency());
            append(e, "Receiver", province);
            append(e, "DossierCode", to.dossierCode());
            append(e, "InReplyTo", to.messageId());
            append(e, root.equals("StatusNotice") ? "Status" : "Outcome", value);
            append(e, "Note", "Sandbox " + ministry.agency() + ": " + value);
            Map<String, byte[]> parts = new HashMap<>();
            if (root.equals("ResultPackage") && value.equals("APPROVED")) {
                byte[] result = ("%PDF-1.4\n% Ket qua " + ministry.agency() + " ho so " + to.dossierCode() + "\n%%EOF\n")
                        .getBytes(StandardCharsets.UTF_8);
                Element d = doc.createElementNS(NS, "Document");
                d.setAttribute("id", "kq1");
                d.setAttribute("name", "Ket qua " + ministry.agency() + ".pdf");
                d.setAttribute("mediaType", "application/pdf");
                d.setAttribute("size", Integer.toString(result.length));
                d.setAttribute("sha256", sha256(result));
                e.appendChild(d);
                parts.put("kq1", result);
            }
            byte[] signed = sign(doc, ministry);
            sendToProvince(to.dossierCode(), operation, signed, parts, 1);
        } catch (RuntimeException ex) {
            problem(to.dossierCode(), ministry.agency() + " " + operation + " " + value + ": " + ex);
        }
    }

    /** Sends inline (no MTOM), trying again with the same bytes after a Server fault or no answer. */
    private void sendToProvince(String dossierCode, String operation, byte[] signed, Map<String, byte[]> parts, int attempt) {
        URI target = provinceEndpoint;
        if (target == null) {
            problem(dossierCode, operation + ": no province endpoint to reply to");
            return;
        }
        StringBuilder envelope = new StringBuilder("<soap:Envelope xmlns:soap=\"" + SOAP_NS + "\"><soap:Body><" + operation
                + "Request xmlns=\"" + NS + "\"><SignedPackage>" + Base64.getEncoder().encodeToString(signed)
                + "</SignedPackage>");
        parts.forEach((id, bytes) -> envelope.append("<Document id=\"").append(id).append("\">")
                .append(Base64.getEncoder().encodeToString(bytes)).append("</Document>"));
        envelope.append("</").append(operation).append("Request></soap:Body></soap:Envelope>");
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"urn:lgsp:interagency:1#" + operation + "\"")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope.toString())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() == 200) {
                checkProvinceReceipt(dossierCode, answer, signed, operation);
                return;
            }
            String text = new String(answer.body(), StandardCharsets.UTF_8);
            if (!text.contains("faultcode>soap:Server<") && !text.contains(":Server</faultcode>") && answer.statusCode() != 503) {
                problem(dossierCode, operation + " refused by the province: " + text);
                return;
            }
        } catch (IOException e) {
            // no answer: try again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt < 30) {
            clock.schedule(() -> sendToProvince(dossierCode, operation, signed, parts, attempt + 1), Math.min(10_000, 200L << Math.min(attempt, 6)),
                    TimeUnit.MILLISECONDS);
        } else {
            problem(dossierCode, operation + ": the province never took it");
        }
    }

    private void checkProvinceReceipt(String dossierCode, HttpResponse<byte[]> answer, byte[] sent, String operation) {
        try {
            byte[] receiptBytes = signedReceipt(answer.headers().firstValue("Content-Type").orElse("text/xml"), answer.body());
            Document receipt = parse(receiptBytes);
            String signer = verify(receipt);
            Element root = receipt.getDocumentElement();
            Element acknowledges = child(root, "Acknowledges");
            if (!signer.equals(province) || !text(root, "Issuer").equals(province)
                    || !acknowledges.getAttribute("digest").equals(sha256(sent))) {
                problem(dossierCode, operation + ": the province's receipt does not acknowledge what was sent");
                return;
            }
            (operation.equals("SubmitStatus") ? statusesAcknowledged : resultsAcknowledged).incrementAndGet();
        } catch (RuntimeException e) {
            problem(dossierCode, operation + ": unreadable receipt from the province: " + e);
        }
    }

    /** The {@code SignedReceipt} bytes of a SOAP answer, MTOM or inline. */
    public static byte[] signedReceipt(String contentType, byte[] body) {
        try {
            SOAPMessage message = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL)
                    .createMessage(mimeHeaders(contentType), new ByteArrayInputStream(body));
            return binary(message, child(firstElement(message.getSOAPBody()), "SignedReceipt"));
        } catch (SOAPException | IOException e) {
            throw new IllegalStateException("not a SOAP answer with a SignedReceipt: " + e.getMessage(), e);
        }
    }

    // ---- SOAP --------------------------------------------------------------------------------------------

    private record Request(byte[] signedPackage, Map<String, byte[]> documents) {
    }

    private static Request readRequest(String contentType, byte[] body, String element) {
        try {
            SOAPMessage message = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL)
                    .createMessage(mimeHeaders(contentType), new ByteArrayInputStream(body));
            Element request = firstElement(message.getSOAPBody());
            if (request == null || !element.equals(request.getLocalName())) {
                throw new Refusal("package.malformed", "expected " + element);
            }
            byte[] signedPackage = binary(message, child(request, "SignedPackage"));
            Map<String, byte[]> documents = new HashMap<>();
            for (Element d : children(request, "Document")) {
                if (documents.put(d.getAttribute("id"), binary(message, d)) != null) {
                    throw new Refusal("document.mismatch", "part " + d.getAttribute("id") + " comes twice");
                }
            }
            return new Request(signedPackage, documents);
        } catch (SOAPException | IOException e) {
            throw new Refusal("package.malformed", "not SOAP: " + e.getMessage());
        }
    }

    /** Inline base64, or an {@code xop:Include} naming an MTOM part. */
    private static byte[] binary(SOAPMessage message, Element element) throws SOAPException, IOException {
        if (element == null) {
            throw new Refusal("package.malformed", "a binary element is missing");
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element include && XOP_NS.equals(include.getNamespaceURI())) {
                String cid = URLDecoder.decode(include.getAttribute("href").replaceFirst("^cid:", ""), StandardCharsets.UTF_8);
                Iterator<AttachmentPart> parts = message.getAttachments();
                while (parts.hasNext()) {
                    AttachmentPart part = parts.next();
                    String id = part.getContentId() == null ? "" : part.getContentId().replaceAll("^<|>$", "");
                    if (id.equals(cid)) {
                        try (InputStream in = part.getRawContent()) {
                            return in.readAllBytes();
                        }
                    }
                }
                throw new Refusal("document.mismatch", "no MTOM part " + cid);
            }
        }
        return Base64.getMimeDecoder().decode(element.getTextContent().trim());
    }

    private static MimeHeaders mimeHeaders(String contentType) {
        MimeHeaders headers = new MimeHeaders();
        headers.addHeader("Content-Type", contentType == null ? "text/xml" : contentType);
        return headers;
    }

    private static String response(String element, byte[] receipt) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP_NS + "\"><soap:Body><" + element + " xmlns=\"" + NS
                + "\"><SignedReceipt>" + Base64.getEncoder().encodeToString(receipt) + "</SignedReceipt></" + element
                + "></soap:Body></soap:Envelope>";
    }

    private static String fault(String faultCode, String code, String message) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP_NS + "\"><soap:Body><soap:Fault><faultcode>soap:" + faultCode
                + "</faultcode><faultstring>" + escape(code + ": " + message) + "</faultstring><detail><InterAgencyFault xmlns=\""
                + NS + "\"><Code>" + escape(code) + "</Code><Message>" + escape(message)
                + "</Message></InterAgencyFault></detail></soap:Fault></soap:Body></soap:Envelope>";
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- signatures (the JDK's XML signature API) --------------------------------------------------------

    /** Checks the enveloped signature and the signer's chain to the sandbox root; returns the signer's OU. */
    private String verify(Document doc) {
        NodeList found = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (found.getLength() != 1) {
            throw new Refusal(found.getLength() == 0 ? "signature.missing" : "signature.invalid", "one signature expected");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            DOMValidateContext context = new DOMValidateContext(new KeySelector() {
                @Override
                public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method,
                                                XMLCryptoContext ctx) throws KeySelectorException {
                    for (XMLStructure s : keyInfo.getContent()) {
                        if (s instanceof X509Data data) {
                            for (Object o : data.getContent()) {
                                if (o instanceof X509Certificate c) {
                                    chain.add(c);
                                }
                            }
                        }
                    }
                    if (chain.isEmpty()) {
                        throw new KeySelectorException("no certificate");
                    }
                    Key key = chain.get(0).getPublicKey();
                    return () -> key;
                }
            }, found.item(0));
            context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            NodeList ids = doc.getElementsByTagNameNS("*", "SignedProperties");
            for (int i = 0; i < ids.getLength(); i++) {
                context.setIdAttributeNS((Element) ids.item(i), null, "Id");
            }
            XMLSignature signature = signatures.unmarshalXMLSignature(context);
            for (Object r : signature.getSignedInfo().getReferences()) {
                Reference reference = (Reference) r;
                if (!reference.getURI().isEmpty() && !"http://uri.etsi.org/01903#SignedProperties".equals(reference.getType())) {
                    throw new Refusal("signature.invalid", "the signature covers " + reference.getURI());
                }
            }
            if (!signature.validate(context)) {
                throw new Refusal("signature.invalid", "the signature does not verify");
            }
        } catch (javax.xml.crypto.MarshalException | javax.xml.crypto.dsig.XMLSignatureException e) {
            throw new Refusal("signature.invalid", e.getMessage());
        }
        checkChain(chain);
        return ouOf(chain.get(0));
    }

    private void checkChain(List<X509Certificate> chain) {
        X509Certificate current = chain.get(0);
        for (int hops = 0; hops < 5; hops++) {
            try {
                current.checkValidity();
                if (current.getIssuerX500Principal().equals(trustRoot.getSubjectX500Principal())) {
                    current.verify(trustRoot.getPublicKey());
                    return;
                }
                X509Certificate issuer = null;
                for (X509Certificate c : chain) {
                    if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && c != current) {
                        issuer = c;
                    }
                }
                if (issuer == null) {
                    break;
                }
                current.verify(issuer.getPublicKey());
                current = issuer;
            } catch (GeneralSecurityException e) {
                throw new Refusal("certificate.untrusted", e.getMessage());
            }
        }
        throw new Refusal("certificate.untrusted", "the signer does not chain to the sandbox root");
    }

    private static String ouOf(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            throw new Refusal("certificate.untrusted", e.getMessage());
        }
        return "";
    }

    /** Plain enveloped XML-DSig (the contract's minimum): RSA-SHA256, exclusive c14n, the chain in KeyInfo. */
    private byte[] sign(Document doc, Ministry ministry) {
        try {
            DigestMethod sha256 = signatures.newDigestMethod(DigestMethod.SHA256, null);
            Transform exclusive = signatures.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null);
            Reference whole = signatures.newReference("", sha256, List.of(signatures.newTransform(Transform.ENVELOPED,
                    (TransformParameterSpec) null), exclusive), null, null);
            SignedInfo info = signatures.newSignedInfo(signatures.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE,
                    (C14NMethodParameterSpec) null), signatures.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(whole));
            KeyInfoFactory keys = signatures.getKeyInfoFactory();
            KeyInfo keyInfo = keys.newKeyInfo(List.of(keys.newX509Data(new ArrayList<Object>(ministry.chain()))));
            DOMSignContext context = new DOMSignContext(ministry.key(), doc.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            signatures.newXMLSignature(info, keyInfo).sign(context);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (GeneralSecurityException | javax.xml.crypto.MarshalException | javax.xml.crypto.dsig.XMLSignatureException
                 | javax.xml.transform.TransformerException e) {
            throw new IllegalStateException("sandbox ministry cannot sign", e);
        }
    }

    private byte[] signedReceipt(Ministry ministry, String acknowledged, String digest) {
        Document doc = newDocument();
        Element root = doc.createElementNS(NS, "Receipt");
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NS);
        doc.appendChild(root);
        append(root, "MessageId", UUID.randomUUID().toString());
        append(root, "IssuedAt", now());
        append(root, "Issuer", ministry.agency());
        Element acknowledges = doc.createElementNS(NS, "Acknowledges");
        acknowledges.setAttribute("messageId", acknowledged);
        acknowledges.setAttribute("digest", digest);
        root.appendChild(acknowledges);
        return sign(doc, ministry);
    }

    // ---- XML ---------------------------------------------------------------------------------------------

    private static Document parse(byte[] bytes) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new Refusal("package.malformed", "not well-formed: " + e.getMessage());
        }
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(Element parent, String name, String value) {
        Element e = parent.getOwnerDocument().createElementNS(NS, name);
        e.setTextContent(value);
        parent.appendChild(e);
    }

    private static Element firstElement(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return Collections.unmodifiableList(found);
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            throw new Refusal("package.malformed", name + " is missing");
        }
        return e.getTextContent().trim();
    }

    /** Vietnam time to the second, seconds always written (as the contract requires). */
    private static String now() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").format(OffsetDateTime.now(ZoneOffset.ofHours(7)));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void pause(Duration delay) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Refusal extends RuntimeException {
        private final String code;
        /** The dossier the refused message was about, once it could be read. */
        private String dossierCode;

        Refusal(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
