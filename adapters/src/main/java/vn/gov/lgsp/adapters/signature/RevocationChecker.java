package vn.gov.lgsp.adapters.signature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * Revocation status of each certificate in a path: OCSP first (the responder named in the certificate), the CRL
 * as fallback; definite answers cached; what happens when no source answers is the configured policy.
 */
public final class RevocationChecker {

    /** What to do with a signature whose certificates' status nobody could tell. */
    public enum NoAnswerPolicy {
        /** the signature fails verification */
        REJECT,
        /** the signature passes, with the revocation check reported indeterminate */
        ACCEPT_AND_FLAG
    }

    /**
     * @param cacheTtl how long a definite answer is reused (never past the answer's own next update)
     * @param timeout  how long to wait for one OCSP responder or CRL endpoint
     * @param noAnswer the policy when neither source answers
     */
    public record Settings(Duration cacheTtl, Duration timeout, NoAnswerPolicy noAnswer) {
    }

    private enum Status { GOOD, REVOKED, NO_ANSWER }

    private record Answer(Status status, String detail, Instant revokedAt, Instant expires) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Answer> ocspCache = new ConcurrentHashMap<>();
    private final Map<String, CachedCrl> crlCache = new ConcurrentHashMap<>();

    private record CachedCrl(X509CRL crl, Instant expires) {
    }

    public RevocationChecker(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    RevocationChecker(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Checks every certificate of {@code path} (signer first, the anchor's certificate last) except the anchor.
     *
     * @param trustedSigningTime the time-stamped signing time, if any: a revocation after it does not void the
     *                           signature
     */
    public Check check(List<X509Certificate> path, Instant trustedSigningTime) {
        List<String> unanswered = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (int i = 0; i < path.size() - 1; i++) {
            X509Certificate certificate = path.get(i);
            Answer answer = status(certificate, path.get(i + 1));
            String who = certificate.getSubjectX500Principal().getName();
            switch (answer.status()) {
                case REVOKED -> {
                    if (trustedSigningTime != null && answer.revokedAt().isAfter(trustedSigningTime)) {
                        good.add(who + ": revoked on " + answer.revokedAt() + ", after the time-stamped signing time");
                    } else {
                        return new Check("revocation", Outcome.FAIL, "the certificate " + who + " was revoked on "
                                + answer.revokedAt() + " (" + answer.detail() + ")");
                    }
                }
                case GOOD -> good.add(who + ": " + answer.detail());
                case NO_ANSWER -> unanswered.add(who + ": " + answer.detail());
            }
        }
        if (unanswered.isEmpty()) {
            return new Check("revocation", Outcome.PASS, String.join("; ", good));
        }
        String reason = "no revocation source answered for " + String.join("; ", unanswered);
        return settings.noAnswer() == NoAnswerPolicy.REJECT
                ? new Check("revocation", Outcome.FAIL, reason + " (policy: reject)")
                : new Check("revocation", Outcome.INDETERMINATE, reason + " (policy: accept and flag)");
    }

    private Answer status(X509Certificate certificate, X509Certificate issuer) {
        String key = issuer.getSubjectX500Principal().getName() + "#" + certificate.getSerialNumber();
        Answer cached = ocspCache.get(key);
        if (cached != null && cached.expires().isAfter(clock.instant())) {
            return cached;
        }
        Answer ocsp = ocsp(certificate, issuer);
        if (ocsp.status() != Status.NO_ANSWER) {
            ocspCache.put(key, ocsp);
            return ocsp;
        }
        Answer crl = crl(certificate, issuer);
        if (crl.status() != Status.NO_ANSWER) {
            return crl;
        }
        return new Answer(Status.NO_ANSWER, "OCSP " + ocsp.detail() + "; CRL " + crl.detail(), null, null);
    }

    private Answer ocsp(X509Certificate certificate, X509Certificate issuer) {
        List<String> urls = ocspUrls(certificate);
        if (urls.isEmpty()) {
            return noAnswer("not offered by the certificate");
        }
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            OCSPReq request = new OCSPReqBuilder().addRequest(id)
                    .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                            new DEROctetString(nonce))))
                    .build();
            byte[] body = post(urls.get(0), "application/ocsp-request", request.getEncoded());
            if (body == null) {
                return noAnswer("responder " + urls.get(0) + " did not answer");
            }
            OCSPResp response = new OCSPResp(body);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return noAnswer("responder refused the request (status " + response.getStatus() + ")");
            }
            BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
            if (!signedByIssuerOrDelegate(basic, issuer)) {
                return noAnswer("answer not signed by the issuer or its delegated responder");
            }
            Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (echoed != null && !Arrays.equals(nonceOf(echoed), nonce)) {
                return noAnswer("answer does not repeat our nonce (replayed?)");
            }
            Instant now = clock.instant();
            for (SingleResp single : basic.getResponses()) {
                if (!single.getCertID().equals(id)) {
                    continue;
                }
                Instant next = single.getNextUpdate() == null ? now.plus(settings.cacheTtl()) : single.getNextUpdate().toInstant();
                if (next.isBefore(now)) {
                    return noAnswer("answer is stale (next update " + next + ")");
                }
                Instant expires = min(now.plus(settings.cacheTtl()), next);
                Object status = single.getCertStatus();
                if (status == null) {
                    return new Answer(Status.GOOD, "good per OCSP at " + single.getThisUpdate().toInstant(), null, expires);
                }
                if (status instanceof RevokedStatus revoked) {
                    return new Answer(Status.REVOKED, "per OCSP", revoked.getRevocationTime().toInstant(), expires);
                }
                return noAnswer("unknown to the responder");
            }
            return noAnswer("answer does not name the certificate");
        } catch (IOException | OCSPException | OperatorCreationException | GeneralSecurityException e) {
            return noAnswer("unreadable answer: " + e.getMessage());
        }
    }

    private boolean signedByIssuerOrDelegate(BasicOCSPResp basic, X509Certificate issuer)
            throws OperatorCreationException, OCSPException, GeneralSecurityException {
        JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder();
        if (basic.isSignatureValid(verifiers.build(issuer.getPublicKey()))) {
            return true;
        }
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate responder = new JcaX509CertificateConverter().getCertificate(holder);
            try {
                responder.verify(issuer.getPublicKey());
                responder.checkValidity(Date.from(clock.instant()));
            } catch (GeneralSecurityException notIssuedByIssuer) {
                continue;
            }
            List<String> purposes = responder.getExtendedKeyUsage();
            if (purposes != null && purposes.contains(KeyPurposeId.id_kp_OCSPSigning.getId())
                    && basic.isSignatureValid(verifiers.build(responder.getPublicKey()))) {
                return true;
            }
        }
        return false;
    }

    private Answer crl(X509Certificate certificate, X509Certificate issuer) {
        List<String> urls = crlUrls(certificate);
        if (urls.isEmpty()) {
            return noAnswer("not offered by the certificate");
        }
        String url = urls.get(0);
        try {
            Instant now = clock.instant();
            CachedCrl cached = crlCache.get(url);
            if (cached == null || !cached.expires().isAfter(now)) {
                byte[] body = get(url);
                if (body == null) {
                    return noAnswer(url + " did not answer");
                }
                X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
                if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                    return noAnswer("the CRL at " + url + " is not the issuer's");
                }
                crl.verify(issuer.getPublicKey());
                Instant next = crl.getNextUpdate() == null ? now.plus(settings.cacheTtl()) : crl.getNextUpdate().toInstant();
                if (next.isBefore(now)) {
                    return noAnswer("the CRL at " + url + " is stale (next update " + next + ")");
                }
                cached = new CachedCrl(crl, min(now.plus(settings.cacheTtl()), next));
                crlCache.put(url, cached);
            }
            X509CRLEntry entry = cached.crl().getRevokedCertificate(certificate);
            if (entry != null) {
                return new Answer(Status.REVOKED, "per the CRL of " + cached.crl().getThisUpdate().toInstant(),
                        entry.getRevocationDate().toInstant(), cached.expires());
            }
            return new Answer(Status.GOOD, "not on the CRL of " + cached.crl().getThisUpdate().toInstant(), null,
                    cached.expires());
        } catch (GeneralSecurityException e) {
            return noAnswer("the CRL at " + url + " is invalid: " + e.getMessage());
        }
    }

    private byte[] post(String url, String type, byte[] body) {
        return call(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private byte[] get(String url) {
        return call(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private byte[] call(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(settings.timeout()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> ocspUrls(X509Certificate certificate) {
        AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(extensions(certificate));
        List<String> urls = new ArrayList<>();
        if (access != null) {
            for (AccessDescription d : access.getAccessDescriptions()) {
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)) {
                    addUri(urls, d.getAccessLocation());
                }
            }
        }
        return urls;
    }

    private static List<String> crlUrls(X509Certificate certificate) {
        CRLDistPoint points = CRLDistPoint.fromExtensions(extensions(certificate));
        List<String> urls = new ArrayList<>();
        if (points != null) {
            for (DistributionPoint p : points.getDistributionPoints()) {
                DistributionPointName name = p.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName n : GeneralNames.getInstance(name.getName()).getNames()) {
                        addUri(urls, n);
                    }
                }
            }
        }
        return urls;
    }

    /** The certificate's extensions; an unreadable certificate offers no revocation source. */
    private static Extensions extensions(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate).getExtensions();
        } catch (java.security.cert.CertificateEncodingException e) {
            return null;
        }
    }

    private static void addUri(List<String> urls, GeneralName name) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
            String url = name.getName().toString();
            if (url.startsWith("http://") || url.startsWith("https://")) {
                urls.add(url);
            }
        }
    }

    /** The nonce is an OCTET STRING inside the extension value; some responders put the bare bytes there. */
    private static byte[] nonceOf(Extension extension) {
        byte[] value = extension.getExtnValue().getOctets();
        try {
            return ASN1Primitive.fromByteArray(value) instanceof ASN1OctetString inner ? inner.getOctets() : value;
        } catch (IOException bare) {
            return value;
        }
    }

    private static Answer noAnswer(String detail) {
        return new Answer(Status.NO_ANSWER, detail, null, null);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
