package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/** Real signatures round-tripped: sign, verify, tamper, and each kind of untrustworthy signer fails with its reason. */
class XmlSignaturesTest {

    private static final String PACKAGE = "<DossierPackage xmlns=\"urn:lgsp:inter-agency:1\">"
            + "<Sender>000.00.12.H56</Sender><Receiver>000.00.00.G12</Receiver>"
            + "<DossierCode>000.00.12.H56-261120-0007</DossierCode><MessageId>m-1</MessageId>"
            + "<Applicant>Nguyễn Văn An</Applicant></DossierPackage>";
    private static final int SIGNING = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;

    private static TestPki.Issued oldRoot;
    private static TestPki.Issued newRoot;
    private static XmlSignatures signatures;

    @BeforeAll
    static void pki() throws Exception {
        oldRoot = TestPki.root("CN=Root CA 2019,O=NEAC test,C=VN");
        newRoot = TestPki.root("CN=Root CA 2025,O=NEAC test,C=VN");
        signatures = new XmlSignatures(List.of(oldRoot.certificate(), newRoot.certificate()));
    }

    @Test
    void aSignedPackageVerifiesWithEveryCheckPassing() throws Exception {
        Document doc = sign(signer(newRoot, "RSA", SIGNING, Duration.ZERO));

        VerificationReport report = signatures.verify(reparse(doc), Instant.now());

        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.signer()).contains("CN=Sở Tư pháp");
        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.PASS);
        assertThat(report.check("chain").outcome()).isEqualTo(Outcome.PASS);
        assertThat(report.check("revocation").outcome()).isEqualTo(Outcome.INDETERMINATE);
    }

    @Test
    void ecdsaKeysSignWithEcdsaSha256() throws Exception {
        Document doc = sign(signer(oldRoot, "EC", SIGNING, Duration.ZERO));
        assertThat(text(doc)).contains(XmlSignatures.ECDSA_SHA256);
        assertThat(signatures.verify(reparse(doc), Instant.now()).valid()).isTrue();
    }

    @Test
    void changingOneCharacterBreaksIntegrity() throws Exception {
        String signed = text(sign(signer(newRoot, "RSA", SIGNING, Duration.ZERO)));
        String tampered = signed.replace("m-1", "m-2");

        VerificationReport report = signatures.verify(parse(tampered), Instant.now());

        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("integrity").reason()).contains("altered");
    }

    @Test
    void aSignerFromAnUnknownRootIsNotTrusted() throws Exception {
        TestPki.Issued stranger = TestPki.root("CN=Unknown CA,C=VN");
        VerificationReport report = signatures.verify(reparse(sign(signer(stranger, "RSA", SIGNING, Duration.ZERO))),
                Instant.now());
        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.PASS);
        assertThat(report.check("chain").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("chain").reason()).startsWith("not trusted");
    }

    @Test
    void anExpiredSigningCertificateFailsValidity() throws Exception {
        VerificationReport report = signatures.verify(reparse(sign(signer(newRoot, "RSA", SIGNING, Duration.ofDays(400)))),
                Instant.now());
        assertThat(report.check("validity").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("validity").reason()).contains("expired");
        assertThat(report.check("chain").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aCertificateNotMeantForSigningFailsKeyUsage() throws Exception {
        VerificationReport report = signatures.verify(
                reparse(sign(signer(newRoot, "RSA", KeyUsage.keyEncipherment, Duration.ZERO))), Instant.now());
        assertThat(report.check("key-usage").outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void anUnsignedDocumentIsReportedAsSuch() throws Exception {
        VerificationReport report = signatures.verify(parse(PACKAGE), Instant.now());
        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").reason()).contains("no signature");
    }

    private static SigningKey signer(TestPki.Issued root, String algorithm, int usage, Duration expiredAgo) throws Exception {
        Instant to = expiredAgo.isZero() ? Instant.now().plus(Duration.ofDays(365)) : Instant.now().minus(expiredAgo);
        return TestPki.signer(root, "CN=Sở Tư pháp,O=UBND tỉnh,C=VN", algorithm, to.minus(Duration.ofDays(730)), to, usage)
                .signingKey(root.certificate());
    }

    private static Document sign(SigningKey key) throws Exception {
        Document doc = parse(PACKAGE);
        signatures.signEnveloped(doc, key);
        return doc;
    }

    private static Document reparse(Document doc) throws Exception {
        return parse(text(doc));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document doc) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        return out.toString(StandardCharsets.UTF_8);
    }
}
