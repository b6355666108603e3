package vn.gov.lgsp.adapters.signature;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * PAdES baseline B-B signatures on PDF results (kết quả giải quyết TTHC điện tử), so that a citizen's PDF reader
 * shows the result as signed: an incremental update with an {@code ETSI.CAdES.detached} signature.
 */
public final class PdfSignatures {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** Room for the CMS container: the chain of a national CA and an RSA-4096 signature fit with margin. */
    private static final int SIGNATURE_SPACE = 32 * 1024;
    private static final Set<String> DETACHED = Set.of(PDSignature.SUBFILTER_ETSI_CADES_DETACHED.getName(),
            PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED.getName());

    private final CmsSignatures cms;

    public PdfSignatures(CmsSignatures cms) {
        this.cms = cms;
    }

    /** The PDF with a signature appended as an incremental update; the original bytes are kept unchanged. */
    public byte[] sign(byte[] pdf, SigningKey key, Instant signingTime, String reason, String location)
            throws IOException, GeneralSecurityException {
        try (PDDocument document = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(commonName(key));
            signature.setReason(reason);
            signature.setLocation(location);
            signature.setSignDate(GregorianCalendar.from(ZonedDateTime.ofInstant(signingTime, VIETNAM)));
            options.setPreferredSignatureSize(SIGNATURE_SPACE);
            GeneralSecurityException[] failure = new GeneralSecurityException[1];
            document.addSignature(signature, content -> {
                try {
                    return cms.signForPdf(content.readAllBytes(), key);
                } catch (GeneralSecurityException e) {
                    failure[0] = e;
                    throw new IOException(e);
                }
            }, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + SIGNATURE_SPACE * 2 + 4096);
            try {
                document.saveIncremental(out);
            } catch (IOException e) {
                if (failure[0] != null) {
                    throw failure[0];
                }
                throw e;
            }
            return out.toByteArray();
        }
    }

    /** Verifies the last signature of the PDF, which must cover the whole file (nothing added after signing). */
    public VerificationReport verify(byte[] pdf, Instant at) {
        PDSignature signature;
        byte[] contents;
        byte[] signedContent;
        int count;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<PDSignature> signatures = document.getSignatureDictionaries();
            count = signatures.size();
            if (signatures.isEmpty()) {
                return VerificationReport.unreadable("the PDF carries no signature");
            }
            signature = signatures.get(signatures.size() - 1);
            if (!DETACHED.contains(signature.getSubFilter())) {
                return VerificationReport.unreadable("unsupported signature sub-filter " + signature.getSubFilter());
            }
            contents = signature.getContents(pdf);
            signedContent = signature.getSignedContent(pdf);
        } catch (IOException | RuntimeException e) {
            return VerificationReport.unreadable("not a readable signed PDF: " + e.getMessage());
        }
        int[] range = signature.getByteRange();
        if (range.length != 4 || range[0] != 0 || (long) range[2] + range[3] != pdf.length) {
            return withFirst(new Check("coverage", Outcome.FAIL,
                    "the PDF was changed after its last signature (the signature does not cover the whole file)"), null);
        }
        Calendar claimed = signature.getSignDate();
        VerificationReport report = cms.verifyDetached(contents, new ByteArrayInputStream(signedContent),
                claimed == null ? null : claimed.toInstant(), at);
        return withFirst(new Check("coverage", Outcome.PASS, "the last of " + count
                + " signature(s) covers the whole file"), report);
    }

    private static VerificationReport withFirst(Check first, VerificationReport rest) {
        List<Check> checks = new ArrayList<>();
        checks.add(first);
        if (rest == null) {
            return new VerificationReport(null, null, checks);
        }
        checks.addAll(rest.checks());
        return new VerificationReport(rest.signer(), rest.signingTime(), checks);
    }

    private static String commonName(SigningKey key) {
        X500Name name = X500Name.getInstance(key.certificate().getSubjectX500Principal().getEncoded());
        RDN[] cn = name.getRDNs(BCStyle.CN);
        return cn.length == 0 ? name.toString() : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }
}
