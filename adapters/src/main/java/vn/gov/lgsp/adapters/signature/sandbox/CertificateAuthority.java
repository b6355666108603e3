package vn.gov.lgsp.adapters.signature.sandbox;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import vn.gov.lgsp.adapters.signature.SignatureAlgorithms;
import vn.gov.lgsp.adapters.signature.SigningKey;

/**
 * A certification authority for the sandbox and for tests: issues certificates that name where their
 * revocation status is published, keeps its revocations, and signs CRLs and OCSP answers for them.
 */
public final class CertificateAuthority {

    /** What an issued certificate may be used for. */
    public enum Usage {
        /** digitalSignature + nonRepudiation: documents, packages, receipts, results */
        SIGNING,
        /** keyEncipherment only: must be refused for signatures */
        ENCIPHERMENT_ONLY,
        /** a delegated OCSP responder */
        OCSP_SIGNING,
        /** a time-stamping authority (RFC 3161) */
        TIME_STAMPING
    }

    /**
     * Where the certificates this authority issues say their status is published, and where its own certificate can
     * be fetched (Authority Information Access {@code caIssuers}); any may be null.
     */
    public record StatusUrls(String ocsp, String crl, String caIssuers) {
        public static final StatusUrls NONE = new StatusUrls(null, null, null);
    }

    private record Revocation(Instant at, int reason) {
    }

    /** RFC 5280 reason code: key compromise. */
    public static final int KEY_COMPROMISE = CRLReason.keyCompromise;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** CAs outlive the certificates they issue; back-dating lets tests issue certificates that expired long ago. */
    private static final Duration CA_BACKDATING = Duration.ofDays(5 * 365);

    private final KeyPair keys;
    private final List<X509Certificate> chain;
    private final StatusUrls issuedStatusUrls;
    private final Map<BigInteger, Revocation> revoked = new ConcurrentHashMap<>();
    private final Set<BigInteger> issued = ConcurrentHashMap.newKeySet();
    private long crlNumber;

    private CertificateAuthority(KeyPair keys, List<X509Certificate> chain, StatusUrls issuedStatusUrls) {
        this.keys = keys;
        this.chain = List.copyOf(chain);
        this.issuedStatusUrls = issuedStatusUrls;
    }

    /** A self-signed root; {@code issuedStatusUrls} goes into every certificate it issues. */
    public static CertificateAuthority root(String subject, Duration validity, StatusUrls issuedStatusUrls)
            throws GeneralSecurityException {
        KeyPair keys = generate("RSA");
        Instant now = Instant.now();
        X509Certificate certificate = build(new X500Name(subject), keys.getPrivate(), new X500Name(subject), keys,
                null, now.minus(CA_BACKDATING), now.plus(validity), true, KeyUsage.keyCertSign | KeyUsage.cRLSign,
                null, StatusUrls.NONE);
        return new CertificateAuthority(keys, List.of(certificate), issuedStatusUrls);
    }

    /** Restores an authority from its key and chain (this CA first), as saved in a keystore. */
    public static CertificateAuthority restore(SigningKey key, StatusUrls issuedStatusUrls) {
        return new CertificateAuthority(new KeyPair(key.certificate().getPublicKey(), key.privateKey()), key.chain(),
                issuedStatusUrls);
    }

    /** A subordinate CA issued by this one. */
    public CertificateAuthority subordinate(String subject, Duration validity, StatusUrls issuedStatusUrls)
            throws GeneralSecurityException {
        KeyPair subKeys = generate("RSA");
        Instant now = Instant.now();
        X509Certificate certificate = build(name(), keys.getPrivate(), new X500Name(subject), subKeys, certificate(),
                now.minus(CA_BACKDATING), now.plus(validity), true, KeyUsage.keyCertSign | KeyUsage.cRLSign, null,
                this.issuedStatusUrls);
        issued.add(certificate.getSerialNumber());
        List<X509Certificate> subChain = new ArrayList<>();
        subChain.add(certificate);
        subChain.addAll(chain);
        return new CertificateAuthority(subKeys, subChain, issuedStatusUrls);
    }

    /** Issues an end-entity certificate with a fresh key ({@code "RSA"} or {@code "EC"}). */
    public SigningKey issue(String subject, String keyAlgorithm, Instant notBefore, Instant notAfter, Usage usage)
            throws GeneralSecurityException {
        KeyPair subjectKeys = generate(keyAlgorithm);
        int keyUsage = switch (usage) {
            case SIGNING -> KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            case ENCIPHERMENT_ONLY -> KeyUsage.keyEncipherment;
            case OCSP_SIGNING, TIME_STAMPING -> KeyUsage.digitalSignature;
        };
        KeyPurposeId purpose = switch (usage) {
            case OCSP_SIGNING -> KeyPurposeId.id_kp_OCSPSigning;
            case TIME_STAMPING -> KeyPurposeId.id_kp_timeStamping;
            default -> null;
        };
        X509Certificate certificate = build(name(), keys.getPrivate(), new X500Name(subject), subjectKeys, certificate(),
                notBefore, notAfter, false, keyUsage, purpose, issuedStatusUrls);
        issued.add(certificate.getSerialNumber());
        List<X509Certificate> subjectChain = new ArrayList<>();
        subjectChain.add(certificate);
        subjectChain.addAll(chain);
        return new SigningKey(subjectKeys.getPrivate(), subjectChain);
    }

    /** Issues a signing certificate valid from an hour ago for {@code validity}. */
    public SigningKey issueSigning(String subject, String keyAlgorithm, Duration validity) throws GeneralSecurityException {
        Instant now = Instant.now();
        return issue(subject, keyAlgorithm, now.minus(Duration.ofHours(1)), now.plus(validity), Usage.SIGNING);
    }

    /** Revokes a certificate this authority issued ({@code reason} as in RFC 5280, e.g. 1 key compromise). */
    public void revoke(BigInteger serial, Instant at, int reason) {
        revoked.put(serial, new Revocation(at, reason));
    }

    /** Takes note of a certificate issued by an earlier run (restored from a keystore), so OCSP knows it. */
    public void recordIssued(X509Certificate certificate) {
        issued.add(certificate.getSerialNumber());
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** This CA's key and chain, to save it. */
    public SigningKey key() {
        return new SigningKey(keys.getPrivate(), chain);
    }

    /** A CRL valid for {@code validity}, listing every revocation so far. */
    public synchronized X509CRL crl(Duration validity) throws GeneralSecurityException {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(name(), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(validity)));
        revoked.forEach((serial, r) -> builder.addCRLEntry(serial, Date.from(r.at()), r.reason()));
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(++crlNumber)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate()));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(keys.getPrivate())));
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot build the CRL", e);
        }
    }

    /** Whether an OCSP request asks about certificates of this CA. */
    public boolean answers(OCSPReq request) throws GeneralSecurityException {
        try {
            X509CertificateHolder issuer = new JcaX509CertificateHolder(certificate());
            for (Req r : request.getRequestList()) {
                if (!r.getCertID().matchesIssuer(issuer, new JcaDigestCalculatorProviderBuilder().build())) {
                    return false;
                }
            }
            return request.getRequestList().length > 0;
        } catch (OCSPException | OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A signed OCSP answer (signed by this CA itself) for each certificate asked about, valid for {@code validity}. */
    public OCSPResp ocspAnswer(OCSPReq request, Duration validity) throws GeneralSecurityException {
        try {
            Instant now = Instant.now();
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(name()));
            for (Req r : request.getRequestList()) {
                CertificateID id = r.getCertID();
                Revocation revocation = revoked.get(id.getSerialNumber());
                CertificateStatus status = revocation == null
                        ? (issued.contains(id.getSerialNumber()) ? CertificateStatus.GOOD : new UnknownStatus())
                        : new RevokedStatus(Date.from(revocation.at()), revocation.reason());
                builder.addResponse(id, status, Date.from(now), Date.from(now.plus(validity)), null);
            }
            var nonce = request.getExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                builder.setResponseExtensions(new org.bouncycastle.asn1.x509.Extensions(nonce));
            }
            X509CertificateHolder[] responderChain = {new JcaX509CertificateHolder(certificate())};
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    builder.build(signer(keys.getPrivate()), responderChain, Date.from(now)));
        } catch (OCSPException e) {
            throw new GeneralSecurityException("cannot build the OCSP answer", e);
        }
    }

    private X500Name name() {
        return X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
    }

    private static KeyPair generate(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("EC") ? 256 : 2048);
        return generator.generateKeyPair();
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(SignatureAlgorithms.forKey(key)).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X509Certificate build(X500Name issuer, PrivateKey issuerKey, X500Name subject, KeyPair subjectKeys,
                                         X509Certificate issuerCertificate, Instant from, Instant to, boolean ca,
                                         int keyUsage, KeyPurposeId purpose, StatusUrls statusUrls)
            throws GeneralSecurityException {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                    Date.from(from), Date.from(to), subject, subjectKeys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuerCertificate));
            }
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(purpose));
            }
            List<AccessDescription> access = new ArrayList<>();
            if (statusUrls.ocsp() != null) {
                access.add(new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, statusUrls.ocsp())));
            }
            // Validators (EU DSS among them) build the chain from here when a signature leaves the issuer out.
            if (statusUrls.caIssuers() != null) {
                access.add(new AccessDescription(AccessDescription.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, statusUrls.caIssuers())));
            }
            if (!access.isEmpty()) {
                builder.addExtension(Extension.authorityInfoAccess, false,
                        new AuthorityInformationAccess(access.toArray(AccessDescription[]::new)));
            }
            if (statusUrls.crl() != null) {
                GeneralNames where = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, statusUrls.crl()));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(where), null, null)}));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKey)));
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot build the certificate", e);
        }
    }
}
