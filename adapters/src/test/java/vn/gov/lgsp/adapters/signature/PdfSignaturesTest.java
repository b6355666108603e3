package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/** PAdES B-B signatures on PDF results. */
class PdfSignaturesTest extends SignatureFormatContract {

    static final String DOSSIER = "000.00.12.H56-261120-0007";

    static PdfSignatures pdf(CertificateVerifier certificates) {
        return new PdfSignatures(new CmsSignatures(certificates,
                new TimeStampClient(URI.create(pki.services().timeStampUrl()), Duration.ofSeconds(5))));
    }

    /** A one-page result, uncompressed so that a test can change one visible character. */
    static byte[] result() throws Exception {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                text.newLineAtOffset(72, 700);
                text.showText("Ket qua giai quyet thu tuc hanh chinh - ho so " + DOSSIER);
                text.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        }
    }

    @Override
    Signed sign(SigningKey key) throws Exception {
        return new Signed(pdf(verifier(NoAnswerPolicy.REJECT)).sign(result(), key, Instant.now(),
                "Kết quả giải quyết TTHC", "Sandbox province"));
    }

    @Override
    Signed tamper(Signed signed) {
        String latin1 = new String(signed.signature(), StandardCharsets.ISO_8859_1);
        assertThat(latin1).contains(DOSSIER);
        return new Signed(latin1.replace(DOSSIER, DOSSIER.replace("0007", "0008")).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    VerificationReport verify(Signed signed, CertificateVerifier certificates) {
        return pdf(certificates).verify(signed.signature(), Instant.now());
    }

    @Test
    void theSignatureIsAnIncrementalUpdateOverTheWholeOriginal() throws Exception {
        byte[] original = result();
        byte[] signed = pdf(verifier(NoAnswerPolicy.REJECT)).sign(original, pki.signingKey(PROVINCE), Instant.now(),
                "Kết quả giải quyết TTHC", "Sandbox province");

        assertThat(java.util.Arrays.copyOf(signed, original.length)).isEqualTo(original);
        VerificationReport report = verify(new Signed(signed), verifier(NoAnswerPolicy.REJECT));
        assertThat(report.check("coverage").outcome()).isEqualTo(Outcome.PASS);
        assertThat(new String(signed, StandardCharsets.ISO_8859_1)).contains("/ETSI.CAdES.detached");
    }

    @Test
    void anythingAddedAfterTheSignatureIsReported() throws Exception {
        byte[] signed = sign(pki.signingKey(PROVINCE)).signature();
        byte[] appended = (new String(signed, StandardCharsets.ISO_8859_1) + "\n% added later\n").getBytes(StandardCharsets.ISO_8859_1);

        VerificationReport report = verify(new Signed(appended), verifier(NoAnswerPolicy.REJECT));

        assertThat(report.valid()).isFalse();
        assertThat(report.check("coverage").reason()).contains("changed after its last signature");
    }

    @Test
    void anUnsignedPdfIsReportedAsSuch() throws Exception {
        VerificationReport report = verify(new Signed(result()), verifier(NoAnswerPolicy.REJECT));
        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").reason()).contains("no signature");
    }

    @Test
    void pdfsigReportsOurSignatureValid() throws Exception {
        Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
        Path signed = Files.write(folder.resolve("result-signed.pdf"), sign(pki.signingKey(PROVINCE)).signature());

        ExternalTools.Result result = ExternalTools.run(List.of(pdfsig.toString(), signed.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Signature is Valid").contains("ETSI.CAdES.detached");

        Path tampered = Files.write(folder.resolve("result-tampered.pdf"),
                tamper(new Signed(Files.readAllBytes(signed))).signature());
        ExternalTools.Result refused = ExternalTools.run(List.of(pdfsig.toString(), tampered.toString()));
        assertThat(refused.output()).doesNotContain("Signature is Valid");
    }
}
