package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;

/**
 * Keys on a PKCS#11 token, with a real software token: SoftHSM2 (Debian package softhsm2). The token is made
 * afresh under target/softhsm for each run; the key is put on it once, then used only through the token.
 */
class Pkcs11SigningKeyTest extends SandboxPkiFixture {

    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final char[] PIN = "1234".toCharArray();
    /** The token is made afresh once per test run, for this run's sandbox PKI. */
    private static boolean tokenReady;

    @Test
    void aKeyOnASoftHsm2TokenSignsXmlAndCmsThatVerify() throws Exception {
        SigningKey onToken = tokenKey();
        assertThat(onToken.privateKey().getClass().getName()).contains("P11");

        CmsSignatures cms = new CmsSignatures(verifier(NoAnswerPolicy.REJECT), null);
        byte[] signature = cms.signDetached(CmsSignaturesTest.CONTENT, onToken, Instant.now());
        assertThat(cms.verifyDetached(signature, new ByteArrayInputStream(CmsSignaturesTest.CONTENT), Instant.now()).valid())
                .isTrue();

        Document doc = XmlSignaturesTest.parse(XmlSignaturesTest.PACKAGE.getBytes(StandardCharsets.UTF_8));
        XmlSignatures xml = new XmlSignatures(verifier(NoAnswerPolicy.REJECT));
        xml.signEnveloped(doc, onToken, Instant.now());
        VerificationReport report = xml.verify(XmlSignaturesTest.parse(XmlSignaturesTest.text(doc)), Instant.now());
        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.signer()).contains("000.00.00.G12");
    }

    @Test
    void aMissingAliasOnTheTokenIsReportedByName() throws Exception {
        tokenKey();
        assertThatThrownBy(() -> SigningKey.fromPkcs11(LIBRARY, 0, PIN, "no-such-key"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no-such-key");
    }

    private static synchronized SigningKey tokenKey() throws Exception {
        ExternalTools.requireFile(LIBRARY, "softhsm2");
        Path util = ExternalTools.require("softhsm2-util", "softhsm2");
        String conf = System.getenv("SOFTHSM2_CONF");
        Assumptions.assumeTrue(conf != null, "SOFTHSM2_CONF is set by the Maven build; run this test through Maven");
        Path confFile = Path.of(conf);
        if (!tokenReady) {
            Path tokens = confFile.resolveSibling("tokens");
            if (Files.exists(tokens)) {
                try (var old = Files.walk(tokens)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            Files.createDirectories(tokens);
            Files.writeString(confFile, "directories.tokendir = " + tokens.toAbsolutePath()
                    + "\nobjectstore.backend = file\nlog.level = ERROR\n");
            ExternalTools.Result init = ExternalTools.run(List.of(util.toString(), "--init-token", "--free", "--label",
                    "lgsp-test", "--pin", new String(PIN), "--so-pin", "12345678"));
            assertThat(init.exitCode()).as(init.output()).isZero();
            // Put the ministry's sandbox key on the token once; from then on it is used only through PKCS#11.
            Provider importer = Security.getProvider("SunPKCS11")
                    .configure("--name=lgsp-import\nlibrary=" + LIBRARY + "\nslotListIndex=0\n");
            KeyStore token = KeyStore.getInstance("PKCS11", importer);
            token.load(null, PIN);
            SigningKey software = pki.signingKey("000.00.00.G12");
            token.setKeyEntry("ministry-of-justice", software.privateKey(), PIN, software.chain().toArray(new Certificate[0]));
            tokenReady = true;
        }
        return SigningKey.fromPkcs11(LIBRARY, 0, PIN, "ministry-of-justice");
    }
}
