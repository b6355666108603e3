package vn.gov.lgsp.adapters.signature;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests: a root CA and signers issued by it, with the validity and key usage a case needs. */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    record Issued(KeyPair keys, X509Certificate certificate) {
        SigningKey signingKey(X509Certificate... chainAbove) {
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            chain.addAll(List.of(chainAbove));
            return new SigningKey(keys.getPrivate(), chain);
        }
    }

    private TestPki() {
    }

    static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(algorithm.equals("EC") ? 256 : 2048);
        return g.generateKeyPair();
    }

    static Issued root(String name) throws Exception {
        KeyPair keys = keys("RSA");
        return new Issued(keys, certificate(name, new X500Name(name), keys, keys.getPrivate(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(3650)), true, KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }

    static Issued signer(Issued issuer, String name, String algorithm, Instant from, Instant to, int keyUsage) throws Exception {
        KeyPair keys = keys(algorithm);
        return new Issued(keys, certificate(name,
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), keys,
                issuer.keys().getPrivate(), from, to, false, keyUsage));
    }

    private static X509Certificate certificate(String subject, X500Name issuer, KeyPair keys, PrivateKey issuerKey,
                                               Instant from, Instant to, boolean ca, int keyUsage) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), new X500Name(subject),
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    }
}
