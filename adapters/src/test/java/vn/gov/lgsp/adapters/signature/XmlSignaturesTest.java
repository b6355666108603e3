package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority.StatusUrls;

/** Enveloped XAdES B-B signatures on inter-agency packages. */
class XmlSignaturesTest extends SignatureFormatContract {

    static final String PACKAGE = "<DossierPackage xmlns=\"urn:lgsp:inter-agency:1\">"
            + "<Sender>000.00.00.H56</Sender><Receiver>000.00.00.G12</Receiver>"
            + "<DossierCode>000.00.12.H56-261120-0007</DossierCode><MessageId>m-1</MessageId>"
            + "<Applicant>Nguyễn Văn An</Applicant></DossierPackage>";

    @Override
    Signed sign(SigningKey key) throws Exception {
        Document doc = parse(PACKAGE.getBytes(StandardCharsets.UTF_8));
        new XmlSignatures(verifier(NoAnswerPolicy.REJECT)).signEnveloped(doc, key, Instant.now());
        return new Signed(text(doc));
    }

    @Override
    Signed tamper(Signed signed) {
        return edit(signed, xml -> xml.replace("m-1", "m-2"));
    }

    @Override
    VerificationReport verify(Signed signed, CertificateVerifier certificates) throws Exception {
        return new XmlSignatures(certificates).verify(parse(signed.signature()), Instant.now());
    }

    private static Signed edit(Signed signed, java.util.function.UnaryOperator<String> change) {
        return new Signed(change.apply(new String(signed.signature(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ecdsaKeysSignWithEcdsaSha256() throws Exception {
        Signed signed = sign(pki.issuingAuthority().issueSigning("CN=EC signer,C=VN", "EC", Duration.ofDays(30)));
        assertThat(new String(signed.signature(), StandardCharsets.UTF_8)).contains(XmlSignatures.ECDSA_SHA256);
        assertThat(verify(signed, verifier(NoAnswerPolicy.REJECT)).valid()).isTrue();
    }

    @Test
    void theSignedPropertiesCarryTheSigningTimeAndBindTheCertificate() throws Exception {
        Signed signed = sign(pki.signingKey(PROVINCE));
        assertThat(new String(signed.signature(), StandardCharsets.UTF_8)).contains("xades:SigningTime")
                .contains("xades:SigningCertificateV2").contains(XmlSignatures.SIGNED_PROPERTIES_TYPE);

        Signed backdated = edit(signed, xml -> xml.replaceFirst("<xades:SigningTime>\\d{4}", "<xades:SigningTime>2019"));
        VerificationReport report = verify(backdated, verifier(NoAnswerPolicy.REJECT));

        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("integrity").reason()).contains("signed properties were altered");
    }

    @Test
    void aPlainXmlDsigWithoutXadesIsReportedIndeterminateNotInvalid() throws Exception {
        // Remove the properties reference: the signature value no longer matches, so the report must say so.
        Signed stripped = edit(sign(pki.signingKey(PROVINCE)), xml -> xml.replaceAll(
                "<ds:Reference Type=\"http://uri.etsi.org/01903#SignedProperties\".*?</ds:Reference>", ""));

        VerificationReport report = verify(stripped, verifier(NoAnswerPolicy.REJECT));

        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("signed-properties").outcome()).isEqualTo(Outcome.INDETERMINATE);
    }

    @Test
    void aSignatureOverAnotherElementThanTheWholeDocumentIsRefused() throws Exception {
        Signed signed = edit(sign(pki.signingKey(PROVINCE)),
                xml -> xml.replaceFirst("(<ds:Reference[^>]*) URI=\"\"", "$1 URI=\"#elsewhere\""));

        VerificationReport report = verify(signed, verifier(NoAnswerPolicy.REJECT));

        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").reason()).contains("#elsewhere");
    }

    @Test
    void anUnsignedDocumentIsReportedAsSuch() throws Exception {
        VerificationReport report = verify(new Signed(PACKAGE.getBytes(StandardCharsets.UTF_8)), verifier(NoAnswerPolicy.REJECT));
        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").reason()).contains("no signature");
    }

    @Test
    void oldAndNewNationalRootsAreTrustedSideBySide() throws Exception {
        CertificateAuthority newRoot = CertificateAuthority.root("CN=Root CA 2025 (test),C=VN", Duration.ofDays(3650),
                StatusUrls.NONE);
        CertificateVerifier both = new CertificateVerifier(List.of(pki.rootCertificate(), newRoot.certificate()),
                new RevocationChecker(new RevocationChecker.Settings(Duration.ofMinutes(5), Duration.ofSeconds(2),
                        NoAnswerPolicy.ACCEPT_AND_FLAG)));

        assertThat(verify(sign(pki.signingKey(PROVINCE)), both).valid()).isTrue();
        VerificationReport underNewRoot = verify(sign(newRoot.issueSigning("CN=Signer under 2025 root,C=VN", "RSA",
                Duration.ofDays(30))), both);
        assertThat(underNewRoot.check("chain").outcome()).isEqualTo(Outcome.PASS);
        assertThat(underNewRoot.check("chain").reason()).contains("Root CA 2025");
    }

    @Test
    void xmlsec1VerifiesOurSignature() throws Exception {
        Path xmlsec1 = ExternalTools.require("xmlsec1", "xmlsec1");
        Signed material = sign(pki.signingKey(PROVINCE));
        Path signed = Files.write(folder.resolve("package-signed.xml"), material.signature());
        Path root = pki.trustFolder().resolve("sandbox-root.pem");

        ExternalTools.Result result = ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem", root.toString(),
                "--id-attr:Id", XmlSignatures.XADES + ":SignedProperties", signed.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK");

        Path tampered = Files.write(folder.resolve("package-tampered.xml"), tamper(material).signature());
        ExternalTools.Result refused = ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem",
                root.toString(), "--id-attr:Id", XmlSignatures.XADES + ":SignedProperties", tampered.toString()));
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    }

    static Document parse(byte[] xml) throws Exception {
        return XmlSignatures.parse(new ByteArrayInputStream(xml));
    }

    static byte[] text(Document doc) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        return out.toByteArray();
    }
}
