package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
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

    @Test
    void signersNameWhereTheirIssuersCertificateIsPublished() throws Exception {
        try (SandboxPki pki = SandboxPki.openOrCreate(folder, 0, "sandbox-pki".toCharArray())) {
            X509Certificate province = pki.provinceKey().certificate();
            AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(
                    province.getExtensionValue(Extension.authorityInfoAccess.getId())).getOctets());
            String caIssuers = Arrays.stream(access.getAccessDescriptions())
                    .filter(d -> d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers))
                    .map(d -> d.getAccessLocation().getName().toString()).findFirst().orElseThrow();

            byte[] published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(caIssuers)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();

            assertThat(published).isEqualTo(pki.provinceKey().chain().get(1).getEncoded());
        }
    }
}
