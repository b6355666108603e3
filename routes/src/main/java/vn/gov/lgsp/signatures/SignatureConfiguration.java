package vn.gov.lgsp.signatures;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.lgsp.adapters.signature.BatchSigner;
import vn.gov.lgsp.adapters.signature.CertificateVerifier;
import vn.gov.lgsp.adapters.signature.CmsSignatures;
import vn.gov.lgsp.adapters.signature.PdfSignatures;
import vn.gov.lgsp.adapters.signature.RevocationChecker;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.TimeStampClient;
import vn.gov.lgsp.adapters.signature.TrustAnchors;
import vn.gov.lgsp.adapters.signature.XmlSignatures;
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;

/**
 * Builds {@link Signatures} from {@code app.signatures.*}. Trust anchors and the signing key are read at start:
 * a missing keystore or token stops the node; no trust anchor at all is reported by the health check. In the
 * default run the sandbox PKI adds its root, its time-stamping authority and the province's key where the
 * configuration names none.
 */
@Configuration(proxyBeanMethods = false)
public class SignatureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignatureConfiguration.class);

    @Bean
    Signatures signatures(SignatureProperties properties, ObjectProvider<SandboxPki> sandboxPki)
            throws IOException, GeneralSecurityException {
        SandboxPki sandbox = sandboxPki.getIfAvailable();
        List<Path> trustDirs = new ArrayList<>(properties.trustDirs());
        URI timeStampUrl = properties.timeStampUrl();
        if (sandbox != null) {
            trustDirs.add(sandbox.trustFolder());
            timeStampUrl = timeStampUrl != null ? timeStampUrl : URI.create(sandbox.services().timeStampUrl());
        }
        List<X509Certificate> anchors = TrustAnchors.load(trustDirs);
        if (anchors.isEmpty()) {
            log.warn("app.signatures.trust-dirs {} hold no trust anchor: every signature will fail its chain check "
                    + "until the national root certificates (PEM) are put there", trustDirs);
        }
        SignatureProperties.Revocation r = properties.revocation();
        CertificateVerifier certificates = new CertificateVerifier(anchors,
                new RevocationChecker(new RevocationChecker.Settings(r.cacheTtl(), r.timeout(), r.noAnswer())));
        // One time-stamping authority for every format: CAdES B-T files, XAdES B-T packages and receipts.
        TimeStampClient timeStamps = timeStampUrl == null ? null : new TimeStampClient(timeStampUrl, r.timeout());
        CmsSignatures cms = new CmsSignatures(certificates, timeStamps);
        Optional<SigningKey> key = properties.signing() != null ? Optional.of(load(properties.signing()))
                : Optional.ofNullable(sandbox).map(SandboxPki::provinceKey);
        key.ifPresent(k -> log.info("Signing as {} (certificate valid until {})",
                k.certificate().getSubjectX500Principal().getName(), k.certificate().getNotAfter().toInstant()));
        return new Signatures(certificates, new XmlSignatures(certificates, timeStamps), cms, new PdfSignatures(cms),
                new BatchSigner(cms), key);
    }

    private static SigningKey load(SignatureProperties.Signing s) throws IOException, GeneralSecurityException {
        char[] secret = s.password().toCharArray();
        return s.source() == SignatureProperties.KeySource.PKCS11
                ? SigningKey.fromPkcs11(s.pkcs11Library(), s.slotListIndex(), secret, s.alias())
                : SigningKey.fromPkcs12(s.keystore(), secret, s.alias());
    }
}
