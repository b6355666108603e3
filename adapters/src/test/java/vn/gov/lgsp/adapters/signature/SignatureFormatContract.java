package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority.StatusUrls;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority.Usage;

/**
 * What every signature format must do, against a real sandbox PKI with its OCSP responder, CRLs and TSA on
 * loopback: round-trip, tamper one byte, and fail each untrustworthy signer with its own reason.
 */
abstract class SignatureFormatContract extends SandboxPkiFixture {

    /** Signed material: the signed document, or a detached signature with its content. */
    record Signed(byte[] signature, byte[] content) {
        Signed(byte[] enveloping) {
            this(enveloping, null);
        }
    }

    /** The format under test signs its sample document with {@code key}. */
    abstract Signed sign(SigningKey key) throws Exception;

    /** The same signed material with one byte of the signed content changed. */
    abstract Signed tamper(Signed signed) throws Exception;

    abstract VerificationReport verify(Signed signed, CertificateVerifier certificates) throws Exception;

    /** Material signed with a fresh certificate that its CA then revoked for key compromise. */
    private Signed signedThenRevoked() throws Exception {
        SigningKey key = freshSigner(Usage.SIGNING);
        Signed signed = sign(key);
        pki.issuingAuthority().revoke(key.certificate().getSerialNumber(), Instant.now().minusSeconds(5),
                CertificateAuthority.KEY_COMPROMISE);
        return signed;
    }

    @Test
    void aFreshSignatureOfASandboxAgencyPassesEveryCheck() throws Exception {
        VerificationReport report = verify(sign(pki.signingKey(PROVINCE)), verifier(NoAnswerPolicy.REJECT));

        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.checks()).as(report.toString()).allMatch(c -> c.outcome() == Outcome.PASS);
        assertThat(report.signer()).contains("OU=000.00.00.H56");
        assertThat(report.check("revocation").reason()).contains("good per OCSP");
    }

    @Test
    void changingOneByteOfTheSignedContentFailsIntegrity() throws Exception {
        VerificationReport report = verify(tamper(sign(pki.signingKey(PROVINCE))), verifier(NoAnswerPolicy.REJECT));

        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").outcome()).as(report.toString()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("integrity").reason()).contains("altered");
    }

    @Test
    void anExpiredSigningCertificateFailsValidityButStaysTrusted() throws Exception {
        Instant now = Instant.now();
        SigningKey expired = pki.issuingAuthority().issue("CN=Expired signer,C=VN", "RSA", now.minus(Duration.ofDays(1000)),
                now.minus(Duration.ofDays(400)), Usage.SIGNING);

        VerificationReport report = verify(sign(expired), verifier(NoAnswerPolicy.REJECT));

        assertThat(report.valid()).isFalse();
        assertThat(report.check("validity").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("validity").reason()).contains("expired");
        assertThat(report.check("chain").outcome()).isEqualTo(Outcome.PASS);
        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aCertificateRevokedAndReportedByOcspFailsRevocation() throws Exception {
        Signed signed = signedThenRevoked();

        VerificationReport report = verify(signed, verifier(NoAnswerPolicy.REJECT));

        assertThat(report.check("revocation").outcome()).as(report.toString()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("revocation").reason()).contains("revoked").contains("per OCSP");
        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aRevokedCertificateIsFoundOnTheCrlWhenOcspDoesNotAnswer() throws Exception {
        Signed signed = signedThenRevoked();
        pki.services().ocspAvailable(false);
        try {
            VerificationReport report = verify(signed, verifier(NoAnswerPolicy.REJECT));

            assertThat(report.check("revocation").outcome()).as(report.toString()).isEqualTo(Outcome.FAIL);
            assertThat(report.check("revocation").reason()).contains("revoked").contains("per the CRL");
        } finally {
            pki.services().ocspAvailable(true);
        }
    }

    @Test
    void aSignerFromAnUnknownRootIsNotTrusted() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.root("CN=Unknown CA,C=VN", Duration.ofDays(3650), StatusUrls.NONE);

        VerificationReport report = verify(sign(stranger.issueSigning("CN=Stranger,C=VN", "RSA", Duration.ofDays(30))),
                verifier(NoAnswerPolicy.REJECT));

        assertThat(report.valid()).isFalse();
        assertThat(report.check("chain").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("chain").reason()).startsWith("not trusted");
        assertThat(report.check("integrity").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aCertificateNotMeantForSigningFailsKeyUsage() throws Exception {
        VerificationReport report = verify(sign(freshSigner(Usage.ENCIPHERMENT_ONLY)), verifier(NoAnswerPolicy.REJECT));

        assertThat(report.valid()).isFalse();
        assertThat(report.check("key-usage").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.check("key-usage").reason()).contains("does not allow signing");
    }

    @Test
    void whenNoRevocationSourceAnswersTheConfiguredPolicyDecides() throws Exception {
        Signed signed = sign(freshSigner(Usage.SIGNING));
        pki.services().ocspAvailable(false);
        pki.services().crlAvailable(false);
        try {
            VerificationReport rejected = verify(signed, verifier(NoAnswerPolicy.REJECT));
            VerificationReport flagged = verify(signed, verifier(NoAnswerPolicy.ACCEPT_AND_FLAG));

            assertThat(rejected.valid()).isFalse();
            assertThat(rejected.check("revocation").outcome()).isEqualTo(Outcome.FAIL);
            assertThat(rejected.check("revocation").reason()).contains("no revocation source answered").contains("reject");
            assertThat(flagged.valid()).isTrue();
            assertThat(flagged.check("revocation").outcome()).isEqualTo(Outcome.INDETERMINATE);
            assertThat(flagged.check("revocation").reason()).contains("accept and flag");
        } finally {
            pki.services().ocspAvailable(true);
            pki.services().crlAvailable(true);
        }
    }
}
