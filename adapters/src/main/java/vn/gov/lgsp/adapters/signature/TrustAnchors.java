package vn.gov.lgsp.adapters.signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust anchors read from folders of certificates ({@code .pem}, {@code .crt}, {@code .cer}; PEM or DER, several
 * per file). Old and new national roots may sit side by side (the national root CA was re-keyed in 2025).
 */
public final class TrustAnchors {

    private static final Logger log = LoggerFactory.getLogger(TrustAnchors.class);

    private TrustAnchors() {
    }

    /** Every CA certificate in the folders; a folder that does not exist is skipped with a warning. */
    public static List<X509Certificate> load(List<Path> folders) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                log.warn("Trust anchor folder {} does not exist; no anchors taken from it", folder);
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(TrustAnchors::isCertificateFile).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        for (Certificate c : factory.generateCertificates(in)) {
                            X509Certificate x509 = (X509Certificate) c;
                            if (x509.getBasicConstraints() < 0) {
                                throw new GeneralSecurityException(file.getFileName() + ": "
                                        + x509.getSubjectX500Principal().getName() + " is not a CA certificate");
                            }
                            anchors.add(x509);
                            log.info("Trust anchor {} (valid until {}) from {}", x509.getSubjectX500Principal().getName(),
                                    x509.getNotAfter().toInstant(), file);
                        }
                    }
                }
            }
        }
        return anchors;
    }

    private static boolean isCertificateFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer");
    }
}
