package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority;

/** Answers are cached for the configured time and never past their own next update. */
class RevocationCheckerTest extends SandboxPkiFixture {


    static List<java.security.cert.X509Certificate> path(SigningKey key) {
        List<java.security.cert.X509Certificate> path = new ArrayList<>();
        CertificateVerifier verifier = new CertificateVerifier(List.of(pki.rootCertificate()), null);
        assertThat(verifier.chain(key.certificate(), key.chain(), Instant.now(), path).outcome()).isEqualTo(Outcome.PASS);
        return path;
    }

    @Test
    void aGoodAnswerIsReusedWithinTheCacheTimeThenAskedAgain() throws Exception {
        MutableClock clock = new MutableClock();
        RevocationChecker checker = new RevocationChecker(
                new RevocationChecker.Settings(Duration.ofMinutes(2), Duration.ofSeconds(2), NoAnswerPolicy.REJECT), clock);
        List<java.security.cert.X509Certificate> path = path(pki.signingKey("000.00.00.G12"));
        int before = pki.services().ocspRequests();

        assertThat(checker.check(path, null).outcome()).isEqualTo(Outcome.PASS);
        assertThat(checker.check(path, null).outcome()).isEqualTo(Outcome.PASS);
        assertThat(pki.services().ocspRequests() - before).as("one question per certificate in the path").isEqualTo(2);

        clock.advance(Duration.ofMinutes(3));
        checker.check(path, null);
        assertThat(pki.services().ocspRequests() - before).isEqualTo(4);
    }

    @Test
    void aRevocationAfterATimeStampedSigningTimeDoesNotVoidTheSignature() throws Exception {
        SigningKey key = pki.issuingAuthority().issueSigning("CN=Later revoked,C=VN", "RSA", Duration.ofDays(30));
        Instant signedAt = Instant.now().minusSeconds(120);
        pki.issuingAuthority().revoke(key.certificate().getSerialNumber(), Instant.now().minusSeconds(60),
                CertificateAuthority.KEY_COMPROMISE);
        RevocationChecker checker = new RevocationChecker(
                new RevocationChecker.Settings(Duration.ofMinutes(2), Duration.ofSeconds(2), NoAnswerPolicy.REJECT));

        assertThat(checker.check(path(key), signedAt).outcome()).isEqualTo(Outcome.PASS);
        assertThat(checker.check(path(key), signedAt).reason()).contains("after the time-stamped signing time");
        assertThat(checker.check(path(key), null).outcome()).isEqualTo(Outcome.FAIL);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
