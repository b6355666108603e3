package vn.gov.lgsp.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.ministry.InterAgencyXml;
import vn.gov.lgsp.adapters.ministry.SignedPackages;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.MinistryReply;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.XmlSignatures;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority;
import vn.gov.lgsp.sandbox.SandboxMinistries;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.TestEvents;

/**
 * The hostile-input corpus of the inter-agency service ({@code /services/inter-agency}): each message a ministry (or
 * someone posing as one) might send wrongly is answered with a SOAP fault carrying the contract's code, recorded, and
 * changes nothing; a byte-identical repeat gets its original receipt.
 */
class InterAgencyBadInputIT extends MiddlewareTest {

    private static final String G12 = "000.00.00.G12";
    private static final String G10 = "000.00.00.G10";
    private static final Pattern FAULT_CODE = Pattern.compile("<faultcode>(?:[\\w-]+:)?(\\w+)</faultcode>");
    private static final Pattern CODE = Pattern.compile("<(?:[\\w-]+:)?Code>([^<]*)</");

    private final HttpClient http = HttpClient.newHttpClient();

    record Case(String name, String operation, byte[] signedPackage, Map<String, byte[]> parts, String code) {
    }

    record Answer(int status, String faultCode, String code, byte[] receipt, String text) {
    }

    @Test
    void everyHostileMessageIsRefusedWithItsCodeRecordedAndChangesNothing() throws Exception {
        String code = TestEvents.newDossierCode();
        String ourPackage = firstPackageSentFor(code);
        // The sandbox ministry's own statuses (it holds only its result) arrive first; they are not part of the corpus.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from ministry_message where dossier_code = ?", code) == 2);
        int rejectionsBefore = count("select count(*) from inbound_rejection");

        List<Case> corpus = corpus(code, ourPackage);
        for (Case c : corpus) {
            Answer answer = post(c.operation(), envelope(c.operation(), c.signedPackage(), c.parts()));
            assertThat(answer.code()).as(c.name() + ": " + answer.text()).isEqualTo(c.code());
            assertThat(answer.faultCode()).as(c.name()).isEqualTo(c.code().equals("certificate.revocation-unknown") ? "Server" : "Client");
        }
        Answer notSoap = post("SubmitStatus", "this is not SOAP <".getBytes(StandardCharsets.UTF_8));
        assertThat(notSoap.code()).as(notSoap.text()).isEqualTo("package.malformed");
        Answer xxe = post("SubmitStatus", ("<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + new String(envelope("SubmitStatus", status(code, ourPackage, G12, "RECEIVED", G12), Map.of()),
                StandardCharsets.UTF_8).replace("RECEIVED", "&x;")).getBytes(StandardCharsets.UTF_8));
        assertThat(xxe.code()).as(xxe.text()).isEqualTo("package.malformed");
        assertThat(xxe.text()).doesNotContain("root:");
        assertThat(tooLargeBeforeSoapIsRead()).isEqualTo(413);

        assertThat(count("select count(*) from ministry_message where dossier_code = ?", code)).as("nothing recorded").isEqualTo(2);
        assertThat(count("select count(*) from ministry_package where dossier_code = ?", code)).as("nothing decided").isEqualTo(1);
        assertThat(count("select count(*) from inbound_rejection")).as("every refusal recorded")
                .isGreaterThanOrEqualTo(rejectionsBefore + corpus.size() + 3);
        assertThat(api.send("GET", "/actuator/health", null, null, HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(200);
    }

    @Test
    void aRepeatWithTheSameBytesGetsTheOriginalReceiptAndOtherBytesUnderTheSameIdAreAConflict() throws Exception {
        String code = TestEvents.newDossierCode();
        String ourPackage = firstPackageSentFor(code);
        String messageId = UUID.randomUUID().toString();
        byte[] first = sign(reply(MinistryReply.Kind.STATUS, messageId, code, ourPackage, G12, "PROCESSING", "đang xử lý",
                List.of()), PKI.signingKey(G12));

        Answer accepted = post("SubmitStatus", envelope("SubmitStatus", first, Map.of()));
        Answer repeated = post("SubmitStatus", envelope("SubmitStatus", first, Map.of()));
        byte[] other = sign(reply(MinistryReply.Kind.STATUS, messageId, code, ourPackage, G12, "PROCESSING", "khác",
                List.of()), PKI.signingKey(G12));
        Answer conflict = post("SubmitStatus", envelope("SubmitStatus", other, Map.of()));

        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(repeated.receipt()).isEqualTo(accepted.receipt());
        assertThat(conflict.code()).isEqualTo("message.conflict");
        var receipt = InterAgencyXml.readReceipt(InterAgencyXml.parse(accepted.receipt()));
        assertThat(receipt.acknowledgedMessageId()).isEqualTo(messageId);
        assertThat(receipt.acknowledgedDigest()).isEqualTo(TestEvents.sha256(first));
        assertThat(receipt.issuer()).isEqualTo(PROVINCE);
        assertThat(count("select count(*) from ministry_message where message_id = ?", messageId)).isEqualTo(1);
    }

    private List<Case> corpus(String code, String ourPackage) throws Exception {
        SigningKey g12 = PKI.signingKey(G12);
        Instant now = Instant.now();
        String subject = "CN=Bộ Tư pháp (giả),OU=" + G12 + ",O=LGSP Sandbox,C=VN";
        SigningKey untrusted = CertificateAuthority.root("CN=Somebody's Root,C=VN", Duration.ofDays(365),
                CertificateAuthority.StatusUrls.NONE).issueSigning(subject, "RSA", Duration.ofDays(30));
        SigningKey expired = PKI.issuingAuthority().issue(subject, "RSA", now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(35)), CertificateAuthority.Usage.SIGNING);
        SigningKey revoked = PKI.issuingAuthority().issueSigning(subject, "RSA", Duration.ofDays(30));
        PKI.issuingAuthority().revoke(revoked.certificate().getSerialNumber(), now.minus(Duration.ofDays(1)),
                CertificateAuthority.KEY_COMPROMISE);
        SigningKey encipherment = PKI.issuingAuthority().issue(subject, "RSA", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)), CertificateAuthority.Usage.ENCIPHERMENT_ONLY);

        byte[] good = status(code, ourPackage, G12, "RECEIVED", G12);
        String goodText = new String(good, StandardCharsets.UTF_8);
        byte[] document = "%PDF-1.4\n% kết quả\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        InterAgencyDocument listed = new InterAgencyDocument("kq1", "Kết quả.pdf", "application/pdf", document.length,
                TestEvents.sha256(document));
        byte[] result = sign(reply(MinistryReply.Kind.RESULT, UUID.randomUUID().toString(), code, ourPackage, G12, "APPROVED",
                null, List.of(listed)), g12);
        byte[] altered = document.clone();
        altered[10] ^= 1;

        List<Case> cases = new ArrayList<>();
        cases.add(new Case("unsigned", "SubmitStatus", InterAgencyXml.bytes(replyOf(code, ourPackage, G12)), Map.of(),
                "signature.missing"));
        cases.add(new Case("altered after signing", "SubmitStatus", goodText.replace("RECEIVED", "PROCESSING")
                .getBytes(StandardCharsets.UTF_8), Map.of(), "signature.invalid"));
        cases.add(new Case("reference to another element", "SubmitStatus", goodText.replaceFirst(
                "(<ds:Reference[^>]*) URI=\"\"", "$1 URI=\"#elsewhere\"").getBytes(StandardCharsets.UTF_8), Map.of(),
                "signature.invalid"));
        int signatureStart = goodText.indexOf("<ds:Signature");
        cases.add(new Case("second signature", "SubmitStatus", (goodText.substring(0, signatureStart)
                + goodText.substring(signatureStart, goodText.indexOf("</ds:Signature>") + 15) + goodText.substring(signatureStart))
                .getBytes(StandardCharsets.UTF_8), Map.of(), "signature.invalid"));
        cases.add(new Case("second root", "SubmitStatus", (goodText + "<StatusNotice/>").getBytes(StandardCharsets.UTF_8),
                Map.of(), "package.malformed"));
        cases.add(new Case("untrusted signer", "SubmitStatus", status(code, ourPackage, G12, "RECEIVED", untrusted),
                Map.of(), "certificate.untrusted"));
        cases.add(new Case("expired signer", "SubmitStatus", status(code, ourPackage, G12, "RECEIVED", expired),
                Map.of(), "certificate.expired"));
        cases.add(new Case("revoked signer", "SubmitStatus", status(code, ourPackage, G12, "RECEIVED", revoked),
                Map.of(), "certificate.revoked"));
        cases.add(new Case("keyEncipherment-only signer", "SubmitStatus", status(code, ourPackage, G12, "RECEIVED",
                encipherment), Map.of(), "certificate.key-usage"));
        cases.add(new Case("sender is not the signer", "SubmitStatus", status(code, ourPackage, G12, "RECEIVED", G10),
                Map.of(), "sender.mismatch"));
        cases.add(new Case("another receiver", "SubmitStatus", sign(replyTo(code, ourPackage, G12, "000.00.00.H99"), g12),
                Map.of(), "receiver.wrong"));
        cases.add(new Case("reply to an unknown package", "SubmitStatus", status(code, UUID.randomUUID().toString(), G12,
                "RECEIVED", G12), Map.of(), "reply.unknown"));
        cases.add(new Case("reply to another dossier's package", "SubmitStatus", status(TestEvents.newDossierCode(),
                ourPackage, G12, "RECEIVED", G12), Map.of(), "reply.unknown"));
        cases.add(new Case("reply to a package sent to another ministry", "SubmitStatus", status(code, ourPackage, G10,
                "RECEIVED", G10), Map.of(), "sender.mismatch"));
        cases.add(new Case("listed document missing", "SubmitResult", result, Map.of(), "document.mismatch"));
        cases.add(new Case("document altered", "SubmitResult", result, Map.of("kq1", altered), "document.mismatch"));
        cases.add(new Case("document not listed", "SubmitResult", result, parts("kq1", document, "kq2", document),
                "document.mismatch"));
        cases.add(new Case("a status through SubmitResult", "SubmitResult", good, Map.of(), "package.malformed"));
        cases.add(new Case("a dossier package to the province", "SubmitDossier", good, Map.of(), "receiver.wrong"));
        cases.add(new Case("DOCTYPE in the package", "SubmitStatus", ("<?xml version=\"1.0\"?><!DOCTYPE StatusNotice "
                + "[<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + goodText.replaceFirst("<\\?xml[^>]*\\?>", ""))
                .getBytes(StandardCharsets.UTF_8), Map.of(), "package.malformed"));
        cases.add(new Case("entity expansion", "SubmitStatus", ("<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
                + "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + goodText.replaceFirst("<\\?xml[^>]*\\?>", "").replace("RECEIVED", "&c;")).getBytes(StandardCharsets.UTF_8),
                Map.of(), "package.malformed"));
        cases.add(new Case("missing children", "SubmitStatus", sign(XmlSignatures.parse(new java.io.ByteArrayInputStream(
                InterAgencyXml.bytes(replyOf(code, ourPackage, G12)))), g12, "InReplyTo"), Map.of(), "package.malformed"));
        int rootEnd = goodText.indexOf('>', goodText.indexOf("<StatusNotice")) + 1;
        cases.add(new Case("package over 10 MB", "SubmitStatus", (goodText.substring(0, rootEnd) + " ".repeat(10_500_000)
                + goodText.substring(rootEnd)).getBytes(StandardCharsets.UTF_8), Map.of(), "too-large"));
        return cases;
    }

    private static Map<String, byte[]> parts(String id1, byte[] b1, String id2, byte[] b2) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(id1, b1);
        parts.put(id2, b2);
        return parts;
    }

    private byte[] status(String code, String inReplyTo, String sender, String status, String signer) {
        return status(code, inReplyTo, sender, status, PKI.signingKey(signer));
    }

    private static byte[] status(String code, String inReplyTo, String sender, String status, SigningKey key) {
        return sign(reply(MinistryReply.Kind.STATUS, UUID.randomUUID().toString(), code, inReplyTo, sender, status, null,
                List.of()), key);
    }

    private static org.w3c.dom.Document replyOf(String code, String inReplyTo, String sender) {
        return reply(MinistryReply.Kind.STATUS, UUID.randomUUID().toString(), code, inReplyTo, sender, "RECEIVED", null,
                List.of());
    }

    private static org.w3c.dom.Document replyTo(String code, String inReplyTo, String sender, String receiver) {
        return InterAgencyXml.reply(new MinistryReply(MinistryReply.Kind.STATUS, UUID.randomUUID().toString(),
                OffsetDateTime.now(Callback.VIETNAM), sender, receiver, code, inReplyTo, "RECEIVED", null, List.of()));
    }

    private static org.w3c.dom.Document reply(MinistryReply.Kind kind, String messageId, String code, String inReplyTo,
                                              String sender, String value, String note, List<InterAgencyDocument> documents) {
        return InterAgencyXml.reply(new MinistryReply(kind, messageId, OffsetDateTime.now(Callback.VIETNAM), sender, PROVINCE,
                code, inReplyTo, value, note, documents));
    }

    /** Signs the document after taking out the named children (a package that no longer follows the contract). */
    private static byte[] sign(org.w3c.dom.Document document, SigningKey key, String removed) {
        org.w3c.dom.NodeList found = document.getElementsByTagNameNS(InterAgencyXml.NS, removed);
        found.item(0).getParentNode().removeChild(found.item(0));
        return sign(document, key);
    }

    private static byte[] sign(org.w3c.dom.Document document, SigningKey key) {
        return new SignedPackages(new XmlSignatures(null), Optional.of(key), Clock.systemUTC()).sign(document);
    }

    /** Inline base64, as a SOAP stack without MTOM sends it. */
    private static byte[] envelope(String operation, byte[] signedPackage, Map<String, byte[]> parts) {
        StringBuilder xml = new StringBuilder("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><" + operation + "Request xmlns=\"urn:lgsp:interagency:1\"><SignedPackage>"
                + Base64.getEncoder().encodeToString(signedPackage) + "</SignedPackage>");
        parts.forEach((id, bytes) -> xml.append("<Document id=\"").append(id).append("\">")
                .append(Base64.getEncoder().encodeToString(bytes)).append("</Document>"));
        return xml.append("</").append(operation).append("Request></soap:Body></soap:Envelope>").toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private Answer post(String operation, byte[] body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/services/inter-agency")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"urn:lgsp:interagency:1#" + operation + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        String text = new String(r.body(), StandardCharsets.UTF_8);
        // Answers may be MTOM or inline (DOMAIN 6): read the receipt as a ministry's SOAP stack would.
        byte[] receipt = r.statusCode() == 200 ? SandboxMinistries.signedReceipt(
                r.headers().firstValue("Content-Type").orElse("text/xml"), r.body()) : null;
        return new Answer(r.statusCode(), group(FAULT_CODE, text), group(CODE, text), receipt, text);
    }

    /** A request announcing more than 100 MB is answered 413 before anything of it is read. */
    private int tooLargeBeforeSoapIsRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /services/inter-agency HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                    + "Content-Length: " + (100L * 1024 * 1024 + 1) + "\r\n\r\n<soap:Envelope").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
