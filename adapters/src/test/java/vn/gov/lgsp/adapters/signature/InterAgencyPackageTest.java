package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.lgsp.adapters.ministry.InterAgencyRefusal;
import vn.gov.lgsp.adapters.ministry.InterAgencyXml;
import vn.gov.lgsp.adapters.ministry.SignedPackages;
import vn.gov.lgsp.adapters.model.Applicant;
import vn.gov.lgsp.adapters.model.ApplicantType;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.MinistryPackage;
import vn.gov.lgsp.adapters.model.MinistryReply;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * The {@code DossierPackage} we send ministries (DOMAIN 6): it follows the package schema, reads back as it was
 * written, carries XAdES-BASELINE-B signed properties (with the signed document's format), and verifies in xmlsec1,
 * an independent implementation, which refuses it once tampered.
 */
class InterAgencyPackageTest extends SandboxPkiFixture {

    private static final MinistryPackage SAMPLE = new MinistryPackage("5f0c2a8e-1d3b-4c6a-9e7f-0a1b2c3d4e5f",
            OffsetDateTime.parse("2026-11-20T08:15:00+07:00"), PROVINCE, "000.00.00.G12", "000.00.31.H56-261120-0002",
            "1.001193.000.00.00.H56", "birth", 1, 3, OffsetDateTime.parse("2026-11-20T23:59:59+07:00"),
            new Applicant(ApplicantType.CITIZEN, "Vũ Quốc Nga", "086088153493", "0962809304", null, "28 Hai Bà Trưng"),
            "Đăng ký khai sinh cho Vũ Quốc Nga", List.of(new InterAgencyDocument("a1", "Tờ khai.pdf", "application/pdf", 55,
            "fde47f9eae2c32200cc0c09072fdc076b9c465471895a2dc58c0794e8c6edc25")));

    private byte[] signedSample() {
        return new SignedPackages(new XmlSignatures(verifier(NoAnswerPolicy.REJECT)), Optional.of(pki.provinceKey()),
                Clock.systemUTC()).sign(InterAgencyXml.dossierPackage(SAMPLE));
    }

    @Test
    void ourPackageFollowsTheSchemaAndReadsBackAsWritten() {
        MinistryPackage read = InterAgencyXml.readDossierPackage(InterAgencyXml.validate(InterAgencyXml.parse(signedSample())));

        assertThat(read).isEqualTo(SAMPLE);
    }

    @Test
    void ourPackageVerifiesWithXadesSignedPropertiesNamingTheDocumentFormat() throws Exception {
        byte[] signed = signedSample();
        SignedPackages receiver = new SignedPackages(new XmlSignatures(verifier(NoAnswerPolicy.REJECT)), Optional.empty(),
                Clock.systemUTC());

        SignedPackages.Verified verified = receiver.verify(signed);

        assertThat(verified.signerAgency()).isEqualTo(PROVINCE);
        assertThat(verified.report().check("signed-properties").outcome()).isEqualTo(Outcome.PASS);
        Element format = (Element) verified.document().getElementsByTagNameNS(XmlSignatures.XADES, "DataObjectFormat").item(0);
        String reference = format.getAttribute("ObjectReference");
        assertThat(format.getTextContent()).isEqualTo("text/xml");
        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("Id=\"" + reference.substring(1) + "\" URI=\"\"");
    }

    @Test
    void withATimeStampAuthorityThePackageIsXadesBaselineT() throws Exception {
        TimeStampClient tsa = new TimeStampClient(URI.create(pki.services().timeStampUrl()), Duration.ofSeconds(5));
        byte[] signed = new SignedPackages(new XmlSignatures(verifier(NoAnswerPolicy.REJECT), tsa), Optional.of(pki.provinceKey()),
                Clock.systemUTC()).sign(InterAgencyXml.dossierPackage(SAMPLE));

        VerificationReport report = new XmlSignatures(verifier(NoAnswerPolicy.REJECT)).verify(InterAgencyXml.parse(signed),
                Instant.now());

        assertThat(report.valid()).as(report.checks().toString()).isTrue();
        assertThat(report.check("timestamp").outcome()).isEqualTo(Outcome.PASS);
        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("<xades:SignatureTimeStamp", "<xades:EncapsulatedTimeStamp>");

        // The stamped form of ds:SignatureValue is the one the JDK's exclusive canonicalisation gives: a reference
        // to that element, digested by the JDK, must have the digest of our form.
        Document doc = InterAgencyXml.parse(signed);
        Element value = (Element) doc.getElementsByTagNameNS(XMLSignature.XMLNS, "SignatureValue").item(0);
        value.setAttribute("Id", "sv");
        value.setIdAttribute("Id", true);
        var factory = XMLSignatureFactory.getInstance("DOM");
        var exclusive = factory.newTransform(CanonicalizationMethod.EXCLUSIVE,
                (TransformParameterSpec) null);
        var reference = factory.newReference("#sv", factory.newDigestMethod(DigestMethod.SHA256, null),
                List.of(exclusive), null, null);
        var signedInfo = factory.newSignedInfo(factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE,
                (C14NMethodParameterSpec) null), factory.newSignatureMethod(
                SignatureMethod.RSA_SHA256, null), List.of(reference));
        KeyPairGenerator keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        factory.newXMLSignature(signedInfo, null).sign(new DOMSignContext(
                keys.generateKeyPair().getPrivate(), doc.getDocumentElement()));
        assertThat(reference.getDigestValue()).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(XmlSignatures.canonicalSignatureValue(value)));
    }

    @Test
    void timesAreWrittenToTheSecondEvenOnTheMinute() {
        assertThat(InterAgencyXml.time(OffsetDateTime.parse("2026-11-28T07:00:00+07:00"))).isEqualTo("2026-11-28T07:00:00+07:00");
        assertThat(InterAgencyXml.time(OffsetDateTime.parse("2026-11-28T07:00:05.123Z"))).isEqualTo("2026-11-28T07:00:05Z");
    }

    @Test
    void aPackageThatBreaksTheSchemaIsMalformed() {
        String text = new String(signedSample(), StandardCharsets.UTF_8).replace("<Summary>", "<Summary2>")
                .replace("</Summary>", "</Summary2>");

        assertThatThrownBy(() -> InterAgencyXml.validate(InterAgencyXml.parse(text.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(InterAgencyRefusal.class,
                        r -> assertThat(r.code()).isEqualTo(InterAgencyRefusal.PACKAGE_MALFORMED));
    }

    @Test
    void aReplyAndAReceiptRoundTrip() {
        MinistryReply reply = new MinistryReply(MinistryReply.Kind.RESULT, "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                OffsetDateTime.parse("2026-11-21T10:00:00+07:00"), "000.00.00.G12", PROVINCE, SAMPLE.dossierCode(),
                SAMPLE.messageId(), MinistryReply.APPROVED, "Đã cấp giấy khai sinh", SAMPLE.documents());

        assertThat(InterAgencyXml.readReply(InterAgencyXml.parse(InterAgencyXml.bytes(InterAgencyXml.reply(reply)))))
                .isEqualTo(reply);
    }

    @Test
    void xmlsec1VerifiesOurPackageAndRefusesItTampered() throws Exception {
        Path xmlsec1 = ExternalTools.require("xmlsec1", "xmlsec1");
        byte[] signed = signedSample();
        Path root = pki.trustFolder().resolve("sandbox-root.pem");
        Path good = Files.write(folder.resolve("dossier-package.xml"), signed);

        ExternalTools.Result result = ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem",
                root.toString(), "--id-attr:Id", XmlSignatures.XADES + ":SignedProperties", good.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        Path tampered = Files.write(folder.resolve("dossier-package-tampered.xml"), new String(signed, StandardCharsets.UTF_8)
                .replace("Vũ Quốc Nga", "Vũ Quốc Ngà").getBytes(StandardCharsets.UTF_8));
        ExternalTools.Result refused = ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem",
                root.toString(), "--id-attr:Id", XmlSignatures.XADES + ":SignedProperties", tampered.toString()));
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    }
}
