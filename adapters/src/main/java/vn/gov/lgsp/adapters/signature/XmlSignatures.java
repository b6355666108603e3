package vn.gov.lgsp.adapters.signature;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * Enveloped XML signatures over a whole document (RSA-SHA256 or ECDSA-SHA256 by the key, exclusive
 * canonicalisation, signing certificate chain in {@code KeyInfo}), and their verification against trust anchors.
 */
public final class XmlSignatures {

    public static final String RSA_SHA256 = SignatureMethod.RSA_SHA256;
    public static final String ECDSA_SHA256 = SignatureMethod.ECDSA_SHA256;

    private final XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
    private final Set<TrustAnchor> anchors;

    /** @param trustedRoots the roots a signer's chain must lead to (old and new national roots may both be here) */
    public XmlSignatures(Collection<X509Certificate> trustedRoots) {
        this.anchors = trustedRoots.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    }

    /** Signs the whole document; the signature goes last inside the document element. */
    public void signEnveloped(Document document, SigningKey key) throws GeneralSecurityException {
        try {
            Reference reference = factory.newReference("", factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            String method = key.privateKey().getAlgorithm().equals("EC") ? ECDSA_SHA256 : RSA_SHA256;
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(method, null), List.of(reference));
            KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
            KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(new ArrayList<Object>(key.chain()))));
            factory.newXMLSignature(signedInfo, keyInfo)
                    .sign(new DOMSignContext(key.privateKey(), document.getDocumentElement()));
        } catch (MarshalException | XMLSignatureException e) {
            throw new GeneralSecurityException("cannot sign the document", e);
        }
    }

    /** Verifies the document's signature as of {@code at}: integrity, trust, validity, key usage, revocation. */
    public VerificationReport verify(Document document, Instant at) {
        NodeList nodes = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (nodes.getLength() != 1) {
            return new VerificationReport(null, List.of(new Check("integrity", Outcome.FAIL,
                    nodes.getLength() == 0 ? "the document carries no signature" : "the document carries several signatures")));
        }
        CertificateFromKeyInfo keys = new CertificateFromKeyInfo();
        List<Check> checks = new ArrayList<>();
        try {
            DOMValidateContext context = new DOMValidateContext(keys, nodes.item(0));
            context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            XMLSignature signature = factory.unmarshalXMLSignature(context);
            List<?> references = signature.getSignedInfo().getReferences();
            if (references.size() != 1 || !"".equals(((Reference) references.get(0)).getURI())) {
                checks.add(new Check("integrity", Outcome.FAIL, "the signature does not cover the whole document"));
            } else if (signature.validate(context)) {
                checks.add(new Check("integrity", Outcome.PASS, "signature value and document digest match"));
            } else {
                checks.add(new Check("integrity", Outcome.FAIL, "the document or the signature was altered"));
            }
        } catch (MarshalException | XMLSignatureException e) {
            checks.add(new Check("integrity", Outcome.FAIL, "unreadable signature: " + e.getMessage()));
        }
        if (keys.chain.isEmpty()) {
            checks.add(new Check("chain", Outcome.FAIL, "no signing certificate in KeyInfo"));
            return new VerificationReport(null, checks);
        }
        X509Certificate signer = keys.chain.get(0);
        checks.add(chain(keys.chain));
        checks.add(validity(signer, at));
        checks.add(keyUsage(signer));
        checks.add(new Check("revocation", Outcome.INDETERMINATE, "not checked: no OCSP or CRL source is configured yet"));
        return new VerificationReport(signer.getSubjectX500Principal().getName(), checks);
    }

    /** Whether the chain leads to a trust anchor, judged at a time the signer's certificate was valid. */
    private Check chain(List<X509Certificate> chain) {
        if (anchors.isEmpty()) {
            return new Check("chain", Outcome.FAIL, "no trust anchor is configured");
        }
        try {
            List<X509Certificate> path = chain.stream().filter(c -> !isSelfSigned(c)).toList();
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(chain.get(0).getNotBefore());
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return new Check("chain", Outcome.PASS, "leads to a configured trust anchor");
        } catch (CertPathValidatorException e) {
            return new Check("chain", Outcome.FAIL, "not trusted: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return new Check("chain", Outcome.FAIL, "cannot build the certificate path: " + e.getMessage());
        }
    }

    private static Check validity(X509Certificate signer, Instant at) {
        try {
            signer.checkValidity(Date.from(at));
            return new Check("validity", Outcome.PASS, "valid on " + at);
        } catch (CertificateExpiredException e) {
            return new Check("validity", Outcome.FAIL, "the signing certificate expired on " + signer.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return new Check("validity", Outcome.FAIL, "the signing certificate is valid only from "
                    + signer.getNotBefore().toInstant());
        }
    }

    /** A signing certificate must allow digital signature or non-repudiation (content commitment). */
    private static Check keyUsage(X509Certificate signer) {
        boolean[] usage = signer.getKeyUsage();
        if (usage == null || usage[0] || usage[1]) {
            return new Check("key-usage", Outcome.PASS, usage == null ? "no key-usage restriction" : "allows signing");
        }
        return new Check("key-usage", Outcome.FAIL, "the certificate's key usage does not allow signing");
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** Takes the signer's public key from the certificates in KeyInfo, and keeps the chain for the trust checks. */
    private static final class CertificateFromKeyInfo extends KeySelector {
        private final List<X509Certificate> chain = new ArrayList<>();

        @Override
        public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method, XMLCryptoContext context)
                throws KeySelectorException {
            if (keyInfo != null) {
                for (XMLStructure s : keyInfo.getContent()) {
                    if (s instanceof X509Data data) {
                        for (Object o : data.getContent()) {
                            if (o instanceof X509Certificate c) {
                                chain.add(c);
                            }
                        }
                    }
                }
            }
            if (chain.isEmpty()) {
                throw new KeySelectorException("no X509 certificate in KeyInfo");
            }
            Key key = chain.get(0).getPublicKey();
            return () -> key;
        }
    }
}
