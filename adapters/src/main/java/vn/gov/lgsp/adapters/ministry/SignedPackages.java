package vn.gov.lgsp.adapters.ministry;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.xml.crypto.dsig.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.VerificationReport;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;
import vn.gov.lgsp.adapters.signature.XmlSignatures;

/**
 * Signs package documents with the province's key (enveloped XAdES, DOMAIN 6) and checks the signature of those
 * received, in the contract's order, naming the first failure with its fault code: present and intact, then the
 * signer's certificate (trusted, valid now, allowed to sign, not revoked).
 */
public final class SignedPackages {

    private final XmlSignatures signatures;
    private final Optional<SigningKey> key;
    private final Clock clock;

    /** @param key the province's key; empty on a node that only verifies */
    public SignedPackages(XmlSignatures signatures, Optional<SigningKey> key, Clock clock) {
        this.signatures = signatures;
        this.key = key;
        this.clock = clock;
    }

    /** A received package whose signature holds, with the agency code ({@code OU}) of the certificate that signed it. */
    public record Verified(Document document, String signerAgency, VerificationReport report) {
    }

    /** Signs the document and returns the bytes that travel: what is signed is exactly what is sent, and kept. */
    public byte[] sign(Document document) {
        SigningKey signing = key.orElseThrow(() -> new IllegalStateException(
                "no signing key is configured (app.signatures.signing.*): this node cannot sign inter-agency packages"));
        try {
            signatures.signEnveloped(document, signing, clock.instant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the package", e);
        }
        return InterAgencyXml.bytes(document);
    }

    /** The agency code of the province's own certificate. */
    public Optional<String> ownAgency() {
        return key.map(k -> agencyOf(k.certificate().getSubjectX500Principal().getName()));
    }

    /**
     * Parses a signed package, checks its signature and that it follows the contract; throws the
     * {@link InterAgencyRefusal} of the first failed check.
     */
    public Verified verify(byte[] bytes) {
        Verified verified = verify(InterAgencyXml.parse(bytes));
        InterAgencyXml.validate(verified.document());
        return verified;
    }

    /** Checks the signature of a package already parsed ({@link InterAgencyXml#parse}), nothing else. */
    public Verified verify(Document document) {
        NodeList found = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (found.getLength() == 0) {
            throw new InterAgencyRefusal(InterAgencyRefusal.SIGNATURE_MISSING, "the package carries no signature");
        }
        if (found.getLength() > 1 || found.item(0) != lastElementChild(document.getDocumentElement())) {
            throw new InterAgencyRefusal(InterAgencyRefusal.SIGNATURE_INVALID,
                    "the package must carry exactly one signature, enveloped as the root's last child");
        }
        VerificationReport report = signatures.verifyReceived(document, clock.instant());
        failure(report, "integrity", InterAgencyRefusal.SIGNATURE_INVALID);
        failure(report, "signed-properties", InterAgencyRefusal.SIGNATURE_INVALID);
        failure(report, "chain", InterAgencyRefusal.CERTIFICATE_UNTRUSTED);
        failure(report, "validity", InterAgencyRefusal.CERTIFICATE_EXPIRED);
        failure(report, "key-usage", InterAgencyRefusal.CERTIFICATE_KEY_USAGE);
        failure(report, "revocation", InterAgencyRefusal.CERTIFICATE_REVOKED);
        Check revocation = report.check("revocation");
        if (revocation != null && revocation.outcome() == Outcome.INDETERMINATE) {
            throw new InterAgencyRefusal(InterAgencyRefusal.CERTIFICATE_REVOCATION_UNKNOWN, revocation.reason());
        }
        String agency = agencyOf(report.signer());
        if (agency == null) {
            throw new InterAgencyRefusal(InterAgencyRefusal.SENDER_MISMATCH,
                    "the signing certificate names no agency code (OU) in its subject: " + report.signer());
        }
        return new Verified(document, agency, report);
    }

    private static void failure(VerificationReport report, String check, String code) {
        Check c = report.check(check);
        if (c != null && c.outcome() == Outcome.FAIL) {
            throw new InterAgencyRefusal(code, c.reason());
        }
    }

    private static Node lastElementChild(Element root) {
        for (Node n = root.getLastChild(); n != null; n = n.getPreviousSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                return n;
            }
        }
        return null;
    }

    /** The {@code OU} of a certificate subject: the agency code, as DOMAIN 6 requires signers to carry it. */
    static String agencyOf(String subject) {
        if (subject == null) {
            return null;
        }
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
