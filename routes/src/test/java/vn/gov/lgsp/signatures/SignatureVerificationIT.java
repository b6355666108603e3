package vn.gov.lgsp.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.XmlSignatures;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.OnestopApi.Answer;

/**
 * {@code POST /api/v1/signatures/verify} against a real sandbox PKI (OCSP, CRLs, TSA on loopback): signed XML,
 * CMS with its content and signed PDFs are reported check by check; bad input gets a precise, recorded 4xx.
 */
class SignatureVerificationIT extends MiddlewareTest {

    private static final String PATH = "/api/v1/signatures/verify";
    private static final String PACKAGE = "<DossierPackage xmlns=\"urn:lgsp:inter-agency:1\"><Sender>000.00.00.G12</Sender>"
            + "<DossierCode>000.00.12.H56-261120-0007</DossierCode><Result>Đã cấp giấy khai sinh</Result></DossierPackage>";

    @Autowired
    Signatures signatures;

    @DynamicPropertySource
    static void trust(DynamicPropertyRegistry registry) {
        registry.add("app.signatures.time-stamp-url", () -> PKI.services().timeStampUrl());
        registry.add("app.signatures.max-verify-size", () -> "512KB");
    }

    @Test
    void aPackageSignedByAMinistryIsReportedValidCheckByCheck() throws Exception {
        Answer answer = post("application/xml", signedXml(PKI.signingKey("000.00.00.G12")));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.body().path("valid").asBoolean()).as(answer.text()).isTrue();
        assertThat(answer.body().path("format").asText()).isEqualTo("xml");
        assertThat(answer.body().path("signer").asText()).contains("000.00.00.G12");
        assertThat(answer.body().path("checks").toString()).contains("\"name\":\"revocation\",\"outcome\":\"PASS\"");
    }

    @Test
    void anAlteredPackageIsReportedInvalidWithTheReason() throws Exception {
        String altered = new String(signedXml(PKI.signingKey("000.00.00.G12")), StandardCharsets.UTF_8)
                .replace("Đã cấp", "Từ chối");

        Answer answer = post("application/xml", altered.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("valid").asBoolean()).isFalse();
        assertThat(answer.body().path("checks").get(0).path("reason").asText()).contains("altered");
    }

    @Test
    void aDetachedCmsSignatureIsVerifiedWithItsContentAndTimeStamp() throws Exception {
        byte[] content = "Biên nhận hồ sơ 000.00.12.H56-261120-0007".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signatures.cms().signDetached(content, PKI.signingKey("VNPOST"), Instant.now());

        Answer answer = multipart(new Part("signature", signature), new Part("content", content));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.body().path("valid").asBoolean()).as(answer.text()).isTrue();
        assertThat(answer.body().path("checks").toString()).contains("\"name\":\"timestamp\",\"outcome\":\"PASS\"");
    }

    @Test
    void aResultPdfSignedWithTheProvinceKeyVerifies() throws Exception {
        SigningKey province = signatures.signingKey().orElseThrow();
        byte[] signed = signatures.pdf().sign(pdf(), province, Instant.now(), "Kết quả giải quyết TTHC", "Sandbox");

        Answer answer = post("application/pdf", signed);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.body().path("valid").asBoolean()).as(answer.text()).isTrue();
        assertThat(answer.body().path("signer").asText()).contains("000.00.00.H56");
    }

    @Test
    void healthNamesTheSigningCertificateAndTheAnchors() {
        Answer health = api.send("GET", "/actuator/health", null, null, HttpRequest.BodyPublishers.noBody());
        assertThat(health.body().path("components").path("signatures").path("status").asText()).isEqualTo("UP");
        assertThat(health.body().path("components").path("signatures").path("details").path("trustAnchors").asInt())
                .isEqualTo(1);
        assertThat(health.body().path("components").path("signatures").path("details").path("subject").asText())
                .contains("000.00.00.H56");
    }

    @Test
    void badInputGetsAPreciseRecordedProblem() throws Exception {
        int before = count("select count(*) from inbound_rejection where endpoint = ?", "POST " + PATH);

        assertProblem(post("application/xml", "<DossierPackage><unclosed>".getBytes(StandardCharsets.UTF_8)), 400,
                "not well-formed XML");
        assertProblem(post("application/xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                .getBytes(StandardCharsets.UTF_8)), 400, "DOCTYPE");
        assertProblem(post("application/xml", PACKAGE.getBytes(StandardCharsets.UTF_8)), 422, "no signature");
        assertProblem(post("application/pdf", "GIF89a".getBytes(StandardCharsets.UTF_8)), 400, "not a PDF");
        assertProblem(post("application/pdf", pdf()), 422, "no signature");
        assertProblem(post("application/xml", new byte[0]), 400, "empty");
        assertProblem(post("application/xml", new byte[600 * 1024]), 413, "larger than");
        assertProblem(post("text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415, "application/pdf");
        assertProblem(multipart(new Part("signature", new byte[] {0x30, 0x00})), 400, "content");
        assertProblem(multipart(new Part("signature", "junk".getBytes(StandardCharsets.UTF_8)),
                new Part("content", "x".getBytes(StandardCharsets.UTF_8))), 422, "not a CMS signature");
        Answer noKey = api.send("POST", PATH, null, "application/xml", HttpRequest.BodyPublishers.ofString(PACKAGE));
        assertProblem(noKey, 401, "X-API-Key");

        assertThat(count("select count(*) from inbound_rejection where endpoint = ?", "POST " + PATH) - before).isEqualTo(11);
        assertThat(api.send("GET", "/actuator/health", null, null, HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(200);
    }

    private static void assertProblem(Answer answer, int status, String detail) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.body().path("detail").asText() + answer.body().path("errors")).as(answer.text()).contains(detail);
    }

    private Answer post(String contentType, byte[] body) {
        return api.send("POST", PATH, OnestopApi.OPERATOR_KEY, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private record Part(String name, byte[] data) {
    }

    private Answer multipart(Part... parts) throws IOException {
        String boundary = "lgsp-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part p : parts) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\"; filename=\""
                    + p.name() + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(p.data());
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return api.send("POST", PATH, OnestopApi.ONESTOP_KEY, "multipart/form-data; boundary=" + boundary,
                HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private byte[] signedXml(SigningKey key) throws Exception {
        Document doc = XmlSignatures.parse(new java.io.ByteArrayInputStream(PACKAGE.getBytes(StandardCharsets.UTF_8)));
        signatures.xml().signEnveloped(doc, key, Instant.now());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.xml.transform.TransformerFactory.newInstance().newTransformer()
                .transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(out));
        return out.toByteArray();
    }

    private static byte[] pdf() throws IOException {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
