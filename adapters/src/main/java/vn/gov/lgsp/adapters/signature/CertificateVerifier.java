package vn.gov.lgsp.adapters.signature;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * The checks every signature format shares once its cryptography holds: the signer's chain to a configured
 * trust anchor, the certificate's validity at signing time, its key usage, and revocation along the path.
 */
public final class CertificateVerifier {

    private final Set<TrustAnchor> anchors;
    private final RevocationChecker revocation;

    public CertificateVerifier(Collection<X509Certificate> trustedRoots, RevocationChecker revocation) {
        this.anchors = trustedRoots.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        this.revocation = revocation;
    }

    public int anchorCount() {
        return anchors.size();
    }

    /** A signing time taken from the signature: claimed by the signer, or vouched for by a time-stamp. */
    public record SigningTime(Instant at, boolean timeStamped) {
    }

    /** chain, validity, key-usage and revocation checks for {@code signer}, with {@code supplied} as path candidates. */
    public List<Check> check(X509Certificate signer, Collection<X509Certificate> supplied, SigningTime signingTime) {
        List<Check> checks = new ArrayList<>();
        List<X509Certificate> path = new ArrayList<>();
        checks.add(chain(signer, supplied, signingTime.at(), path));
        checks.add(validity(signer, signingTime.at()));
        checks.add(keyUsage(signer));
        checks.add(path.isEmpty()
                ? new Check("revocation", Outcome.INDETERMINATE, "not checked: no trusted path to check along")
                : revocation.check(path, signingTime.timeStamped() ? signingTime.at() : null));
        return checks;
    }

    /**
     * Whether a trusted path exists from {@code certificate} to an anchor; fills {@code path} with it (the
     * certificate first, the anchor's certificate last). Judged at {@code at}, moved into the certificate's own
     * validity, so that an expired certificate is reported by the validity check, not as untrusted.
     */
    public Check chain(X509Certificate certificate, Collection<X509Certificate> supplied, Instant at,
                       List<X509Certificate> path) {
        if (anchors.isEmpty()) {
            return new Check("chain", Outcome.FAIL, "no trust anchor is configured");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(certificate);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            List<X509Certificate> candidates = new ArrayList<>(supplied);
            candidates.add(certificate);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(clamp(at, certificate.getNotBefore(), certificate.getNotAfter()));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
            path.add(anchor);
            return new Check("chain", Outcome.PASS, "leads to the trust anchor " + anchor.getSubjectX500Principal().getName());
        } catch (CertPathBuilderException e) {
            return new Check("chain", Outcome.FAIL, "not trusted: no path from "
                    + certificate.getIssuerX500Principal().getName() + " to a configured trust anchor");
        } catch (GeneralSecurityException e) {
            return new Check("chain", Outcome.FAIL, "cannot build the certificate path: " + e.getMessage());
        }
    }

    private static Date clamp(Instant at, Date from, Date to) {
        Date when = Date.from(at);
        return when.before(from) ? from : when.after(to) ? to : when;
    }

    private static Check validity(X509Certificate signer, Instant at) {
        try {
            signer.checkValidity(Date.from(at));
            return new Check("validity", Outcome.PASS, "valid at the signing time " + at);
        } catch (CertificateExpiredException e) {
            return new Check("validity", Outcome.FAIL, "the signing certificate expired on "
                    + signer.getNotAfter().toInstant() + ", before the signing time " + at);
        } catch (CertificateNotYetValidException e) {
            return new Check("validity", Outcome.FAIL, "the signing certificate is valid only from "
                    + signer.getNotBefore().toInstant() + ", after the signing time " + at);
        }
    }

    /** A signing certificate must allow digital signature or non-repudiation (content commitment). */
    private static Check keyUsage(X509Certificate signer) {
        boolean[] usage = signer.getKeyUsage();
        if (usage == null || usage[0] || usage[1]) {
            return new Check("key-usage", Outcome.PASS, usage == null ? "no key-usage restriction" : "allows signing");
        }
        return new Check("key-usage", Outcome.FAIL,
                "the certificate's key usage does not allow signing (neither digitalSignature nor nonRepudiation)");
    }
}
