package vn.gov.lgsp.signatures;

import java.util.Optional;
import vn.gov.lgsp.adapters.signature.BatchSigner;
import vn.gov.lgsp.adapters.signature.CertificateVerifier;
import vn.gov.lgsp.adapters.signature.CmsSignatures;
import vn.gov.lgsp.adapters.signature.PdfSignatures;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.XmlSignatures;

/**
 * What flows and endpoints sign and verify with: one object, built from {@code app.signatures.*} (and, in the
 * default run, the sandbox PKI).
 *
 * @param signingKey the province's key; empty when this node only verifies
 */
public record Signatures(CertificateVerifier certificates, XmlSignatures xml, CmsSignatures cms, PdfSignatures pdf,
                         BatchSigner batch, Optional<SigningKey> signingKey) {
}
