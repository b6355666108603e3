package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;

/** The default run makes its PKI once and reuses it: same root, same keys, services answering for them. */
class SandboxPkiTest {

    @TempDir
    Path folder;

    @Test
    void aSecondStartReopensTheSamePkiAndItsResponderStillKnowsTheCertificates() throws Exception {
        char[] password = "sandbox-pki".toCharArray();
        X509Certificate root;
        X509Certificate province;
        int port;
        try (SandboxPki first = SandboxPki.openOrCreate(folder, 0, password)) {
            root = first.rootCertificate();
            province = first.provinceKey().certificate();
            port = first.services().port();
        }
        try (var trust = Files.list(folder.resolve("trust"))) {
            assertThat(trust.toList()).hasSize(1);
        }

        try (SandboxPki again = SandboxPki.openOrCreate(folder, 0, password)) {
            assertThat(again.rootCertificate()).isEqualTo(root);
            assertThat(again.provinceKey().certificate()).isEqualTo(province);
            assertThat(again.services().port()).as("the port the certificates name").isEqualTo(port);
            for (SandboxPki.Agency agency : SandboxPki.AGENCIES) {
                assertThat(again.signingKey(agency.code()).certificate().getSubjectX500Principal().getName())
                        .contains(agency.code());
            }
            CertificateVerifier verifier = new CertificateVerifier(List.of(again.rootCertificate()), new RevocationChecker(
                    new RevocationChecker.Settings(Duration.ofMinutes(1), Duration.ofSeconds(2), NoAnswerPolicy.REJECT)));
            List<X509Certificate> path = new ArrayList<>();
            assertThat(verifier.chain(province, again.provinceKey().chain(), Instant.now(), path).outcome())
                    .isEqualTo(Outcome.PASS);
            VerificationReport.Check revocation = new RevocationChecker(new RevocationChecker.Settings(Duration.ofMinutes(1),
                    Duration.ofSeconds(2), NoAnswerPolicy.REJECT)).check(path, null);
            assertThat(revocation.outcome()).as(revocation.reason()).isEqualTo(Outcome.PASS);
            assertThat(revocation.reason()).contains("good per OCSP");
        }
    }
}
