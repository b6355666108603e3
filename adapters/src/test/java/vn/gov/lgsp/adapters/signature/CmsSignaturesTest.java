package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/** Detached CAdES signatures over files, time-stamped by the sandbox TSA (baseline B-T). */
class CmsSignaturesTest extends SignatureFormatContract {

    static final byte[] CONTENT = ("Giấy khai sinh — bản điện tử\nSố: 000.00.12.H56-261120-0007\n")
            .getBytes(StandardCharsets.UTF_8);

    static CmsSignatures cms(CertificateVerifier certificates) {
        return new CmsSignatures(certificates, new TimeStampClient(URI.create(pki.services().timeStampUrl()), Duration.ofSeconds(5)));
    }

    @Override
    Signed sign(SigningKey key) throws Exception {
        return new Signed(cms(verifier(NoAnswerPolicy.REJECT)).signDetached(CONTENT, key, Instant.now()), CONTENT);
    }

    @Override
    Signed tamper(Signed signed) {
        byte[] content = signed.content().clone();
        content[5] ^= 1;
        return new Signed(signed.signature(), content);
    }

    @Override
    VerificationReport verify(Signed signed, CertificateVerifier certificates) {
        return cms(certificates).verifyDetached(signed.signature(), new ByteArrayInputStream(signed.content()), Instant.now());
    }

    @Test
    void aSignatureTimeStampMakesTheSigningTimeTrusted() throws Exception {
        VerificationReport report = verify(sign(pki.signingKey(PROVINCE)), verifier(NoAnswerPolicy.REJECT));

        assertThat(report.check("timestamp").outcome()).as(report.toString()).isEqualTo(Outcome.PASS);
        assertThat(report.check("timestamp").reason()).contains("Time-Stamping Authority");
        assertThat(report.check("signed-properties").reason()).contains("CAdES B-B");
    }

    @Test
    void withoutATimeStampingAuthorityTheSignatureIsBaselineBWithItsClaimedTime() throws Exception {
        CmsSignatures plain = new CmsSignatures(verifier(NoAnswerPolicy.REJECT), null);
        Instant claimed = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] signature = plain.signDetached(CONTENT, pki.signingKey(PROVINCE), claimed);

        VerificationReport report = plain.verifyDetached(signature, new ByteArrayInputStream(CONTENT), Instant.now());

        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.check("timestamp")).isNull();
        assertThat(report.signingTime()).isEqualTo(claimed);
    }

    @Test
    void garbageIsNotTakenForASignature() {
        VerificationReport report = cms(verifier(NoAnswerPolicy.REJECT)).verifyDetached("not DER".getBytes(StandardCharsets.UTF_8),
                new ByteArrayInputStream(CONTENT), Instant.now());
        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").reason()).startsWith("not a CMS signature");
    }

    @Test
    void opensslCmsVerifiesOurSignature() throws Exception {
        Path openssl = ExternalTools.require("openssl", "openssl");
        Path content = Files.write(folder.resolve("birth-certificate.txt"), CONTENT);
        Signed signed = sign(pki.signingKey(PROVINCE));
        Path signature = Files.write(folder.resolve("birth-certificate.p7s"), signed.signature());
        Path root = pki.trustFolder().resolve("sandbox-root.pem");

        ExternalTools.Result result = ExternalTools.run(List.of(openssl.toString(), "cms", "-verify", "-binary",
                "-inform", "DER", "-in", signature.toString(), "-content", content.toString(), "-CAfile", root.toString(),
                "-purpose", "any", "-out", "/dev/null"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Verification successful");

        Path altered = Files.write(folder.resolve("birth-certificate-altered.txt"), tamper(signed).content());
        ExternalTools.Result refused = ExternalTools.run(List.of(openssl.toString(), "cms", "-verify", "-binary",
                "-inform", "DER", "-in", signature.toString(), "-content", altered.toString(), "-CAfile", root.toString(),
                "-purpose", "any", "-out", "/dev/null"));
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    }
}
