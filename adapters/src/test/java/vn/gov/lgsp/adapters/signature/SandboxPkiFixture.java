package vn.gov.lgsp.adapters.signature;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority.Usage;
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;

/** A real sandbox PKI per test class, its OCSP responder, CRLs and TSA on loopback. */
abstract class SandboxPkiFixture {

    static final char[] PASSWORD = "test-pki".toCharArray();
    static final String PROVINCE = "000.00.00.H56";

    @TempDir
    static Path folder;
    static SandboxPki pki;

    @BeforeAll
    static void startPki() throws Exception {
        pki = SandboxPki.openOrCreate(folder.resolve("pki"), 0, PASSWORD);
    }

    @AfterAll
    static void stopPki() {
        pki.services().ocspAvailable(true);
        pki.services().crlAvailable(true);
        pki.close();
    }

    static CertificateVerifier verifier(NoAnswerPolicy policy) {
        return new CertificateVerifier(List.of(pki.rootCertificate()),
                new RevocationChecker(new RevocationChecker.Settings(Duration.ofMinutes(5), Duration.ofSeconds(2), policy)));
    }

    static SigningKey freshSigner(Usage usage) throws Exception {
        Instant now = Instant.now();
        return pki.issuingAuthority().issue("CN=Sở Tư pháp (test),OU=000.00.12.H56,C=VN", "RSA",
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), usage);
    }
}
