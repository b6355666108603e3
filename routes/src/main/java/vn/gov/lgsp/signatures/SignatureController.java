package vn.gov.lgsp.signatures;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import vn.gov.lgsp.adapters.signature.VerificationReport;
import vn.gov.lgsp.adapters.signature.XmlSignatures;
import vn.gov.lgsp.web.ApiKeyFilter;

/**
 * Lets operators and partners check what they received: a signed XML package, a detached CMS signature with its
 * content, or a signed PDF result. The answer is the verification report, check by check.
 */
@RestController
@RequestMapping("/api/v1/signatures")
public class SignatureController {

    private static final Logger log = LoggerFactory.getLogger(SignatureController.class);

    /** The report returned as JSON. */
    public record Verification(String format, boolean valid, String signer, Instant signingTime,
                               List<VerificationReport.Check> checks) {
    }

    private final Signatures signatures;
    private final long maxSize;
    private final MeterRegistry meters;

    public SignatureController(Signatures signatures, SignatureProperties properties, MeterRegistry meters) {
        this.signatures = signatures;
        this.maxSize = properties.maxVerifySize().toBytes();
        this.meters = meters;
    }

    @PostMapping(path = "/verify", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    Verification verifyXml(HttpServletRequest request) throws IOException {
        byte[] body = read(request.getInputStream(), "the XML document");
        org.w3c.dom.Document document;
        try {
            document = XmlSignatures.parse(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return answer("xml", signatures.xml().verify(document, Instant.now()), request);
    }

    @PostMapping(path = "/verify", consumes = MediaType.APPLICATION_PDF_VALUE)
    Verification verifyPdf(HttpServletRequest request) throws IOException {
        byte[] body = read(request.getInputStream(), "the PDF");
        if (body.length < 5 || !new String(body, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body is not a PDF (it does not start with %PDF-)");
        }
        return answer("pdf", signatures.pdf().verify(body, Instant.now()), request);
    }

    /** A detached CMS (CAdES) signature: part {@code signature} (DER), part {@code content} (the signed file). */
    @PostMapping(path = "/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Verification verifyCms(@RequestPart("signature") MultipartFile signature, @RequestPart("content") MultipartFile content,
                           HttpServletRequest request) throws IOException {
        byte[] signatureBytes = read(signature.getInputStream(), "the signature part");
        try (InputStream data = content.getInputStream()) {
            return answer("cms", signatures.cms().verifyDetached(signatureBytes, data, Instant.now()), request);
        }
    }

    private byte[] read(InputStream in, String what) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
        if (body.length > maxSize) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, what + " is larger than " + maxSize + " bytes");
        }
        if (body.length == 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, what + " is empty");
        }
        return body;
    }

    /** A report that found no signature to judge is a 422: the material was readable but carries nothing to verify. */
    private Verification answer(String format, VerificationReport report, HttpServletRequest request) {
        if (!report.signatureFound()) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, report.checks().get(0).reason());
        }
        meters.counter("lgsp.signatures.verified", "format", format, "valid", String.valueOf(report.valid())).increment();
        log.info("Signature verification for {}: {} signature by {} is {}", request.getAttribute(ApiKeyFilter.CALLER), format,
                report.signer(), report.valid() ? "valid" : "NOT valid " + report.checks().stream()
                        .filter(c -> c.outcome() == VerificationReport.Outcome.FAIL).map(VerificationReport.Check::name).toList());
        return new Verification(format, report.valid(), report.signer(), report.signingTime(), report.checks());
    }
}
