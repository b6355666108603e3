package vn.gov.lgsp.adapters.signature;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * Detached CMS signatures over files, CAdES baseline B-B (signing time, signing-certificate-v2) and, with a
 * time-stamping authority, B-T (a signature time-stamp). Also the signature container inside PAdES.
 */
public final class CmsSignatures {

    private final CertificateVerifier certificates;
    private final TimeStampClient timeStamps;

    /** @param timeStamps the time-stamping authority for B-T signatures, or null when none is configured */
    public CmsSignatures(CertificateVerifier certificates, TimeStampClient timeStamps) {
        this.certificates = certificates;
        this.timeStamps = timeStamps;
    }

    /** A detached CAdES signature (DER) over {@code content}; time-stamped when a TSA is configured. */
    public byte[] signDetached(byte[] content, SigningKey key, Instant signingTime) throws GeneralSecurityException {
        return sign(content, key, signingTime, timeStamps != null);
    }

    /**
     * The CMS container of a PAdES signature: PAdES keeps the claimed signing time in the PDF signature dictionary,
     * so the signing-time attribute is left out.
     */
    byte[] signForPdf(byte[] signedRanges, SigningKey key) throws GeneralSecurityException {
        return sign(signedRanges, key, null, false);
    }

    private byte[] sign(byte[] content, SigningKey key, Instant signingTime, boolean timeStamp) throws GeneralSecurityException {
        try {
            X509Certificate certificate = key.certificate();
            Hashtable<org.bouncycastle.asn1.ASN1ObjectIdentifier, Attribute> attributes = new Hashtable<>();
            attributes.put(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new Attribute(
                    PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(signingCertificate(certificate))));
            if (signingTime != null) {
                attributes.put(CMSAttributes.signingTime,
                        new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            }
            CMSAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes));
            CMSAttributeTableGenerator signed = signingTime != null ? defaults
                    : parameters -> defaults.getAttributes(parameters).remove(CMSAttributes.signingTime);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(signed)
                    .build(new JcaContentSignerBuilder(SignatureAlgorithms.forKey(key.privateKey())).build(key.privateKey()),
                            certificate));
            generator.addCertificates(new JcaCertStore(key.chain()));
            CMSSignedData data = generator.generate(new CMSProcessableByteArray(content), false);
            return (timeStamp ? withTimeStamp(data) : data).getEncoded("DER");
        } catch (OperatorCreationException | CMSException | IOException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    private CMSSignedData withTimeStamp(CMSSignedData data) throws GeneralSecurityException, IOException {
        List<SignerInformation> stamped = new ArrayList<>();
        for (SignerInformation signer : data.getSignerInfos().getSigners()) {
            TimeStampToken token = timeStamps.stamp(sha256(signer.getSignature()));
            Attribute attribute = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(ASN1Primitive.fromByteArray(token.getEncoded())));
            stamped.add(SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(new DERSet(attribute))));
        }
        return CMSSignedData.replaceSigners(data, new SignerInformationStore(stamped));
    }

    /** Verifies a detached signature over {@code content} (streamed), as of {@code at}. */
    public VerificationReport verifyDetached(byte[] signature, InputStream content, Instant at) {
        return verifyDetached(signature, content, null, at);
    }

    /**
     * @param claimedTime the signing time claimed outside the CMS (a PDF's {@code /M}), used when the CMS itself
     *                    carries neither a signing-time attribute nor a time-stamp
     */
    VerificationReport verifyDetached(byte[] signature, InputStream content, Instant claimedTime, Instant at) {
        SignerInformation signer;
        Store<X509CertificateHolder> store;
        try {
            CMSSignedDataParser parser = new CMSSignedDataParser(new JcaDigestCalculatorProviderBuilder().build(),
                    new CMSTypedStream(content), signature);
            parser.getSignedContent().drain();
            store = parser.getCertificates();
            Collection<SignerInformation> signers = parser.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return VerificationReport.unreadable("expected one signer, found " + signers.size());
            }
            signer = signers.iterator().next();
        } catch (CMSException | OperatorCreationException | IOException | RuntimeException e) {
            return VerificationReport.unreadable("not a CMS signature: " + e.getMessage());
        }
        List<X509Certificate> supplied = certificates(store);
        X509Certificate certificate = signerCertificate(store, signer);
        List<Check> checks = new ArrayList<>();
        if (certificate == null) {
            checks.add(new Check("integrity", Outcome.FAIL, "the signing certificate is not in the signature"));
            return new VerificationReport(null, null, checks);
        }
        checks.add(integrity(signer, certificate));
        checks.add(signedProperties(signer, certificate));
        CertificateVerifier.SigningTime signingTime = new CertificateVerifier.SigningTime(
                claimedSigningTime(signer, claimedTime == null ? at : claimedTime), false);
        TimeStampCheck timeStamp = timeStamp(signer, supplied);
        if (timeStamp != null) {
            checks.add(timeStamp.check());
            if (timeStamp.trustedTime() != null) {
                signingTime = new CertificateVerifier.SigningTime(timeStamp.trustedTime(), true);
            }
        }
        checks.addAll(certificates.check(certificate, supplied, signingTime));
        return new VerificationReport(certificate.getSubjectX500Principal().getName(), signingTime.at(), checks);
    }

    private static Check integrity(SignerInformation signer, X509Certificate certificate) {
        try {
            // Verified with the bare public key: the certificate's dates are the validity check's business.
            if (signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate.getPublicKey()))) {
                return new Check("integrity", Outcome.PASS, "signature value and content digest match");
            }
            return new Check("integrity", Outcome.FAIL, "the signature value does not match (signed attributes altered, or another key)");
        } catch (CMSSignerDigestMismatchException e) {
            return new Check("integrity", Outcome.FAIL, "the content was altered after signing (digest does not match)");
        } catch (CMSException | OperatorCreationException e) {
            return new Check("integrity", Outcome.FAIL, "the signature value does not match: " + e.getMessage());
        }
    }

    /** The signing-certificate-v2 attribute must name the certificate that signed (no substitution). */
    private static Check signedProperties(SignerInformation signer, X509Certificate certificate) {
        AttributeTable signed = signer.getSignedAttributes();
        Attribute attribute = signed == null ? null : signed.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (attribute == null) {
            return new Check("signed-properties", Outcome.INDETERMINATE,
                    "no signing-certificate-v2 attribute: a plain CMS signature, not CAdES");
        }
        try {
            ESSCertIDv2 id = SigningCertificateV2.getInstance(attribute.getAttrValues().getObjectAt(0)).getCerts()[0];
            if (!id.getHashAlgorithm().getAlgorithm().equals(NISTObjectIdentifiers.id_sha256)) {
                return new Check("signed-properties", Outcome.INDETERMINATE, "the signing-certificate digest is not SHA-256");
            }
            if (!MessageDigest.isEqual(id.getCertHash(), sha256(certificate.getEncoded()))) {
                return new Check("signed-properties", Outcome.FAIL,
                        "the signed attributes name another certificate than the one that signed");
            }
            return new Check("signed-properties", Outcome.PASS, "CAdES B-B: signing certificate bound");
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Check("signed-properties", Outcome.FAIL, "unreadable signing-certificate-v2 attribute: " + e);
        }
    }

    private static Instant claimedSigningTime(SignerInformation signer, Instant fallback) {
        AttributeTable signed = signer.getSignedAttributes();
        Attribute attribute = signed == null ? null : signed.get(CMSAttributes.signingTime);
        if (attribute == null) {
            return fallback;
        }
        return Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant();
    }

    /** The time-stamp check, and the time it vouches for when it passed. */
    record TimeStampCheck(Check check, Instant trustedTime) {
        static TimeStampCheck failed(String reason) {
            return new TimeStampCheck(new Check("timestamp", Outcome.FAIL, reason), null);
        }
    }

    /** The signature time-stamp, when present: over this signature's value, by a trusted time-stamping authority. */
    private TimeStampCheck timeStamp(SignerInformation signer, List<X509Certificate> supplied) {
        TimeStampToken token;
        try {
            token = timeStampToken(signer);
            if (token == null) {
                return null;
            }
        } catch (IOException | CMSException | TSPException e) {
            return TimeStampCheck.failed("unreadable signature time-stamp: " + e.getMessage());
        }
        return checkTimeStamp(certificates, token, signer.getSignature(), supplied);
    }

    /**
     * A signature time-stamp (CAdES or XAdES) over {@code stamped}: its imprint, its authority's signature and
     * certificate (time-stamping only), and that authority's trust at the stamped time.
     */
    static TimeStampCheck checkTimeStamp(CertificateVerifier certificates, TimeStampToken token, byte[] stamped,
                                         List<X509Certificate> supplied) {
        try {
            if (!MessageDigest.isEqual(token.getTimeStampInfo().getMessageImprintDigest(), sha256(stamped))) {
                return TimeStampCheck.failed("the time-stamp is over another signature");
            }
            X509Certificate authority = signerCertificate(token.getCertificates(), token.getSID());
            if (authority == null) {
                return TimeStampCheck.failed("the time-stamp does not carry its authority's certificate");
            }
            // BC checks the token's signature and that the certificate is for time-stamping only (critical EKU).
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(authority));
            Instant time = token.getTimeStampInfo().getGenTime().toInstant();
            List<X509Certificate> candidates = new ArrayList<>(certificates(token.getCertificates()));
            candidates.addAll(supplied);
            Check trust = certificates.chain(authority, candidates, time, new ArrayList<>());
            if (trust.outcome() != Outcome.PASS) {
                return TimeStampCheck.failed("the time-stamping authority is " + trust.reason());
            }
            return new TimeStampCheck(new Check("timestamp", Outcome.PASS, "time-stamped at " + time + " by "
                    + authority.getSubjectX500Principal().getName()), time);
        } catch (TSPException | OperatorCreationException | GeneralSecurityException e) {
            return TimeStampCheck.failed("invalid time-stamp: " + e.getMessage());
        }
    }

    private static TimeStampToken timeStampToken(SignerInformation signer) throws IOException, CMSException, TSPException {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        Attribute attribute = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (attribute == null) {
            return null;
        }
        ASN1Encodable value = attribute.getAttrValues().getObjectAt(0);
        return new TimeStampToken(ContentInfo.getInstance(value));
    }

    private static SigningCertificateV2 signingCertificate(X509Certificate certificate) throws GeneralSecurityException {
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))), certificate.getSerialNumber());
        return new SigningCertificateV2(new ESSCertIDv2(sha256(certificate.getEncoded()), issuerSerial));
    }

    private static X509Certificate signerCertificate(Store<X509CertificateHolder> store, SignerInformation signer) {
        return signerCertificate(store, signer.getSID());
    }

    private static X509Certificate signerCertificate(Store<X509CertificateHolder> store,
                                                     Selector<X509CertificateHolder> selector) {
        Collection<X509CertificateHolder> matches = store.getMatches(selector);
        if (matches.isEmpty()) {
            return null;
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static List<X509Certificate> certificates(Store<X509CertificateHolder> store) {
        List<X509Certificate> all = new ArrayList<>();
        for (X509CertificateHolder holder : store.getMatches(null)) {
            try {
                all.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (GeneralSecurityException e) {
                // an unreadable extra certificate cannot help build a path; the chain check reports what is missing
            }
        }
        return all;
    }

    static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance(SignatureAlgorithms.SHA256).digest(data);
    }
}
