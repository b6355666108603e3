package vn.gov.lgsp.adapters.signature.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority.StatusUrls;
import vn.gov.lgsp.adapters.signature.sandbox.CertificateAuthority.Usage;

/**
 * The sandbox's own CA hierarchy, made at first start under a folder of the data dir and reused after: a root,
 * an issuing CA, a signing certificate per sandbox agency (the province, each ministry, the postal operator) and a
 * time-stamping certificate, with OCSP, CRLs and the TSA served on loopback by {@link TrustServices}. Keys stay in
 * the data dir ({@code sandbox-pki.p12}); the root is written to {@code trust/} for the verifier.
 */
public final class SandboxPki implements AutoCloseable {

    /** A sandbox agency with a signing certificate. */
    public record Agency(String code, String name) {
    }

    /** The agencies of the sandbox (mã định danh as in the sample data). */
    public static final List<Agency> AGENCIES = List.of(
            new Agency("000.00.00.H56", "Ủy ban nhân dân tỉnh (sandbox)"),
            new Agency("000.00.00.G12", "Bộ Tư pháp (sandbox)"),
            new Agency("000.00.00.G10", "Bộ Công an (sandbox)"),
            new Agency("000.00.00.G20", "Bảo hiểm xã hội Việt Nam (sandbox)"),
            new Agency("VNPOST", "Tổng công ty Bưu điện Việt Nam (sandbox)"));

    public static final String KEYSTORE = "sandbox-pki.p12";
    private static final String ROOT = "root-ca";
    private static final String ISSUING = "issuing-ca";
    private static final String TSA = "time-stamping";
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration SIGNER_VALIDITY = Duration.ofDays(3 * 365);
    private static final Logger log = LoggerFactory.getLogger(SandboxPki.class);

    private final Path folder;
    private final TrustServices services;
    private final CertificateAuthority root;
    private final CertificateAuthority issuing;
    private final Map<String, SigningKey> agencyKeys;

    private SandboxPki(Path folder, TrustServices services, CertificateAuthority root,
                       CertificateAuthority issuing, Map<String, SigningKey> agencyKeys, SigningKey timeStamping) {
        this.folder = folder;
        this.services = services;
        this.root = root;
        this.issuing = issuing;
        this.agencyKeys = agencyKeys;
        services.serve("root", root);
        services.serve("issuing", issuing);
        services.timeStampWith(timeStamping);
    }

    /**
     * Opens the PKI in {@code folder}, or makes it there. Its trust services listen on the port recorded when it
     * was made (the certificates name that port); {@code port} is used only when making it (0 picks a free one).
     */
    public static SandboxPki openOrCreate(Path folder, int port, char[] password) throws IOException, GeneralSecurityException {
        Path keystore = folder.resolve(KEYSTORE);
        Path settings = folder.resolve("pki.properties");
        if (Files.exists(keystore) && Files.exists(settings)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(settings)) {
                p.load(in);
            }
            TrustServices services = TrustServices.start(Integer.parseInt(p.getProperty("port")));
            try {
                Map<String, SigningKey> saved = SigningKey.allFromPkcs12(keystore, password);
                CertificateAuthority root = CertificateAuthority.restore(saved(saved, ROOT), statusUrls(services, "root"));
                CertificateAuthority issuing = CertificateAuthority.restore(saved(saved, ISSUING),
                        statusUrls(services, "issuing"));
                root.recordIssued(issuing.certificate());
                Map<String, SigningKey> agencies = new LinkedHashMap<>();
                for (Agency a : AGENCIES) {
                    SigningKey key = saved(saved, a.code());
                    issuing.recordIssued(key.certificate());
                    agencies.put(a.code(), key);
                }
                SigningKey tsa = saved(saved, TSA);
                issuing.recordIssued(tsa.certificate());
                log.info("Sandbox PKI opened from {} (trust services on {})", folder, services.baseUrl());
                return new SandboxPki(folder, services, root, issuing, agencies, tsa);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                services.close();
                throw e;
            }
        }
        Files.createDirectories(folder.resolve("trust"));
        TrustServices services = TrustServices.start(port);
        try {
            CertificateAuthority root = CertificateAuthority.root("CN=LGSP Sandbox Root CA,O=LGSP Sandbox,C=VN", CA_VALIDITY,
                    statusUrls(services, "root"));
            CertificateAuthority issuing = root.subordinate("CN=LGSP Sandbox Issuing CA,O=LGSP Sandbox,C=VN", CA_VALIDITY,
                    statusUrls(services, "issuing"));
            Map<String, SigningKey> agencies = new LinkedHashMap<>();
            for (Agency a : AGENCIES) {
                agencies.put(a.code(), issuing.issueSigning(subject(a), "RSA", SIGNER_VALIDITY));
            }
            Instant now = Instant.now();
            SigningKey tsa = issuing.issue("CN=LGSP Sandbox Time-Stamping Authority,O=LGSP Sandbox,C=VN", "RSA",
                    now.minus(Duration.ofHours(1)), now.plus(SIGNER_VALIDITY), Usage.TIME_STAMPING);
            Map<String, SigningKey> keys = new LinkedHashMap<>();
            keys.put(ROOT, root.key());
            keys.put(ISSUING, issuing.key());
            keys.put(TSA, tsa);
            keys.putAll(agencies);
            writePem(folder.resolve("trust").resolve("sandbox-root.pem"), root.certificate());
            Properties p = new Properties();
            p.setProperty("port", Integer.toString(services.port()));
            try (OutputStream out = Files.newOutputStream(settings)) {
                p.store(out, "sandbox PKI: the certificates name this port for OCSP, CRLs and the TSA");
            }
            // Written last: a keystore present means the PKI is complete.
            SigningKey.saveToPkcs12(keystore, password, keys);
            log.info("Sandbox PKI made in {}: root, issuing CA, {} agency signing certificates, a TSA; trust services on {}",
                    folder, agencies.size(), services.baseUrl());
            return new SandboxPki(folder, services, root, issuing, agencies, tsa);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    private static SigningKey saved(Map<String, SigningKey> saved, String alias) throws GeneralSecurityException {
        SigningKey key = saved.get(alias);
        if (key == null) {
            throw new GeneralSecurityException("the sandbox keystore has no key '" + alias + "'");
        }
        return key;
    }

    private static String subject(Agency agency) {
        return "CN=" + agency.name() + ",OU=" + agency.code() + ",O=LGSP Sandbox,C=VN";
    }

    private static StatusUrls statusUrls(TrustServices services, String caName) {
        return new StatusUrls(services.ocspUrl(), services.crlUrl(caName), services.caIssuersUrl(caName));
    }

    private static void writePem(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("-----BEGIN CERTIFICATE-----\n");
            out.write(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded()));
            out.write("\n-----END CERTIFICATE-----\n");
        }
    }

    public SigningKey signingKey(String agencyCode) {
        SigningKey key = agencyKeys.get(agencyCode);
        if (key == null) {
            throw new IllegalArgumentException("no sandbox agency " + agencyCode);
        }
        return key;
    }

    /** The sandbox province's key: the default run signs with it. */
    public SigningKey provinceKey() {
        return signingKey(AGENCIES.get(0).code());
    }

    /** The folder holding the sandbox root certificate, for the verifier's trust anchors. */
    public Path trustFolder() {
        return folder.resolve("trust");
    }

    public Path keystore() {
        return folder.resolve(KEYSTORE);
    }

    public X509Certificate rootCertificate() {
        return root.certificate();
    }

    /** The CA that issues the agencies' certificates: tests issue expired, misused or revoked ones from it. */
    public CertificateAuthority issuingAuthority() {
        return issuing;
    }

    public CertificateAuthority rootAuthority() {
        return root;
    }

    public TrustServices services() {
        return services;
    }

    @Override
    public void close() {
        services.close();
    }
}
