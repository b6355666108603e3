package vn.gov.lgsp.adapters.signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dom.DOMStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLObject;
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
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * Enveloped XML signatures over a whole document with XAdES baseline B-B signed properties (signing time,
 * signing-certificate digest): RSA-SHA256 or ECDSA-SHA256 by the key, exclusive canonicalisation, the signing
 * chain in {@code KeyInfo}. Verification accepts plain XML-DSig too (ministries may not add XAdES), reporting the
 * missing properties as indeterminate.
 */
public final class XmlSignatures {

    public static final String RSA_SHA256 = SignatureMethod.RSA_SHA256;
    public static final String ECDSA_SHA256 = SignatureMethod.ECDSA_SHA256;
    public static final String XADES = "http://uri.etsi.org/01903/v1.3.2#";
    public static final String SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private final XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
    private final CertificateVerifier certificates;
    private final TimeStampClient timeStamps;

    public XmlSignatures(CertificateVerifier certificates) {
        this(certificates, null);
    }

    /** @param timeStamps the time-stamping authority: signatures are then XAdES-BASELINE-T (null: B-B) */
    public XmlSignatures(CertificateVerifier certificates, TimeStampClient timeStamps) {
        this.certificates = certificates;
        this.timeStamps = timeStamps;
    }

    /** Signs the whole document; the signature, with its XAdES properties, goes last inside the document element. */
    public void signEnveloped(Document document, SigningKey key, Instant signingTime) throws GeneralSecurityException {
        try {
            String id = UUID.randomUUID().toString();
            Element signedProperties = signedProperties(document, key, signingTime, "xades-" + id, "#ref-" + id);
            Element qualifying = document.createElementNS(XADES, "xades:QualifyingProperties");
            qualifying.setAttributeNS(XMLNS, "xmlns:xades", XADES);
            qualifying.setAttribute("Target", "#sig-" + id);
            qualifying.appendChild(signedProperties);

            DigestMethod sha256 = factory.newDigestMethod(DigestMethod.SHA256, null);
            Transform exclusive = factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null);
            Reference whole = factory.newReference("", sha256,
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null), exclusive), null,
                    "ref-" + id);
            Reference properties = factory.newReference("#xades-" + id, sha256, List.of(exclusive), SIGNED_PROPERTIES_TYPE, null);
            String method = key.privateKey().getAlgorithm().equals("EC") ? ECDSA_SHA256 : RSA_SHA256;
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(method, null), List.of(whole, properties));
            KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
            KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(new ArrayList<Object>(key.chain()))));
            XMLObject object = factory.newXMLObject(List.of(new DOMStructure(qualifying)), null, null, null);
            DOMSignContext context = new DOMSignContext(key.privateKey(), document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            context.setIdAttributeNS(signedProperties, null, "Id");
            XMLSignature signature = factory.newXMLSignature(signedInfo, keyInfo, List.of(object), "sig-" + id, null);
            signature.sign(context);
            if (timeStamps != null) {
                addSignatureTimeStamp(document, qualifying, "ts-" + id);
            }
        } catch (MarshalException | XMLSignatureException e) {
            throw new GeneralSecurityException("cannot sign the document", e);
        }
    }

    /**
     * XAdES-BASELINE-B signed properties (EN 319 132-1): signing time, signing certificate, and the format of the
     * signed document ({@code DataObjectFormat} with its {@code MimeType}, requirement (k)).
     */
    private static Element signedProperties(Document document, SigningKey key, Instant signingTime, String id,
                                            String documentReference) throws GeneralSecurityException {
        Element properties = document.createElementNS(XADES, "xades:SignedProperties");
        properties.setAttribute("Id", id);
        Element signature = child(properties, XADES, "xades:SignedSignatureProperties");
        child(signature, XADES, "xades:SigningTime").setTextContent(signingTime.truncatedTo(ChronoUnit.SECONDS).toString());
        Element digest = child(child(child(signature, XADES, "xades:SigningCertificateV2"), XADES, "xades:Cert"), XADES,
                "xades:CertDigest");
        child(digest, XMLSignature.XMLNS, "ds:DigestMethod").setAttribute("Algorithm", DigestMethod.SHA256);
        child(digest, XMLSignature.XMLNS, "ds:DigestValue").setTextContent(
                Base64.getEncoder().encodeToString(sha256(key.certificate().getEncoded())));
        Element format = child(child(properties, XADES, "xades:SignedDataObjectProperties"), XADES, "xades:DataObjectFormat");
        format.setAttribute("ObjectReference", documentReference);
        child(format, XADES, "xades:MimeType").setTextContent("text/xml");
        return properties;
    }

    /**
     * XAdES-BASELINE-T: a time-stamp over the canonicalised {@code ds:SignatureValue}, in the unsigned properties
     * (EN 319 132-1, SignatureTimeStamp).
     */
    private void addSignatureTimeStamp(Document document, Element qualifying, String id) throws GeneralSecurityException {
        Element value = first(document.getDocumentElement(), XMLSignature.XMLNS, "SignatureValue");
        byte[] token;
        try {
            token = timeStamps.stamp(sha256(canonicalSignatureValue(value))).getEncoded();
        } catch (IOException e) {
            throw new GeneralSecurityException("unreadable time-stamp token", e);
        }
        Element stamp = child(child(child(qualifying, XADES, "xades:UnsignedProperties"), XADES,
                "xades:UnsignedSignatureProperties"), XADES, "xades:SignatureTimeStamp");
        stamp.setAttribute("Id", id);
        child(stamp, XMLSignature.XMLNS, "ds:CanonicalizationMethod").setAttribute("Algorithm", CanonicalizationMethod.EXCLUSIVE);
        child(stamp, XADES, "xades:EncapsulatedTimeStamp").setTextContent(Base64.getEncoder().encodeToString(token));
    }

    /**
     * The exclusive canonical form of {@code ds:SignatureValue}: an element with only text (and at most an Id), so
     * its form is fixed: the ds namespace it uses, its sorted attributes, its text with {@code & < > CR} escaped.
     */
    static byte[] canonicalSignatureValue(Element value) {
        StringBuilder c14n = new StringBuilder("<").append(value.getTagName());
        String prefix = value.getPrefix();
        c14n.append(prefix == null ? " xmlns" : " xmlns:" + prefix).append("=\"").append(XMLSignature.XMLNS).append('"');
        if (value.hasAttribute("Id")) {
            c14n.append(" Id=\"").append(escape(value.getAttribute("Id"), true)).append('"');
        }
        c14n.append('>').append(escape(value.getTextContent(), false)).append("</").append(value.getTagName()).append('>');
        return c14n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text, boolean attribute) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace("\r", "&#xD;");
        return attribute ? escaped.replace("\"", "&quot;").replace("\t", "&#x9;").replace("\n", "&#xA;")
                : escaped.replace(">", "&gt;");
    }

    /** The signature time-stamp, when the signature carries one (XAdES-BASELINE-T). */
    private CmsSignatures.TimeStampCheck timeStamp(Element signatureElement, List<X509Certificate> supplied) {
        Element encapsulated = first(signatureElement, XADES, "EncapsulatedTimeStamp");
        if (encapsulated == null) {
            return null;
        }
        try {
            TimeStampToken token = new TimeStampToken(ContentInfo.getInstance(Base64.getMimeDecoder().decode(
                    encapsulated.getTextContent().trim())));
            return CmsSignatures.checkTimeStamp(certificates, token,
                    canonicalSignatureValue(first(signatureElement, XMLSignature.XMLNS, "SignatureValue")), supplied);
        } catch (IllegalArgumentException | IOException | TSPException e) {
            return CmsSignatures.TimeStampCheck.failed("unreadable signature time-stamp: " + e.getMessage());
        }
    }

    /** Verifies the document's signature: integrity, signed properties, trust, validity, key usage, revocation. */
    public VerificationReport verify(Document document, Instant at) {
        return verify(document, at, true);
    }

    /**
     * Verifies a message received now: its certificate is judged at {@code at}, whatever signing time it claims (a
     * claimed time proves nothing without a time-stamp, and a message must be signed by a certificate valid now).
     */
    public VerificationReport verifyReceived(Document document, Instant at) {
        return verify(document, at, false);
    }

    private VerificationReport verify(Document document, Instant at, boolean judgeAtClaimedTime) {
        NodeList nodes = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (nodes.getLength() != 1) {
            return VerificationReport.unreadable(
                    nodes.getLength() == 0 ? "the document carries no signature" : "the document carries several signatures");
        }
        Element signatureElement = (Element) nodes.item(0);
        CertificateFromKeyInfo keys = new CertificateFromKeyInfo();
        List<Check> checks = new ArrayList<>();
        Element signedProperties = null;
        try {
            DOMValidateContext context = new DOMValidateContext(keys, signatureElement);
            context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            NodeList candidates = signatureElement.getElementsByTagNameNS(XADES, "SignedProperties");
            for (int i = 0; i < candidates.getLength(); i++) {
                context.setIdAttributeNS((Element) candidates.item(i), null, "Id");
            }
            XMLSignature signature = factory.unmarshalXMLSignature(context);
            String coverage = coverage(signature.getSignedInfo().getReferences(), candidates);
            if (coverage != null) {
                checks.add(new Check("integrity", Outcome.FAIL, coverage));
            } else {
                checks.add(integrity(signature, context));
                signedProperties = findSignedProperties(signature.getSignedInfo().getReferences(), candidates);
            }
        } catch (MarshalException | XMLSignatureException e) {
            checks.add(new Check("integrity", Outcome.FAIL, "unreadable signature: " + e.getMessage()));
        }
        if (keys.chain.isEmpty()) {
            checks.add(new Check("chain", Outcome.FAIL, "no signing certificate in KeyInfo"));
            return new VerificationReport(null, null, checks);
        }
        X509Certificate signer = keys.chain.get(0);
        Instant signingTime = at;
        if (signedProperties == null) {
            checks.add(new Check("signed-properties", Outcome.INDETERMINATE,
                    "no XAdES signed properties: the signing time is taken as " + at));
        } else {
            Check properties = checkSignedProperties(signedProperties, signer);
            checks.add(properties);
            Instant claimed = signingTime(signedProperties);
            if (claimed != null && judgeAtClaimedTime) {
                signingTime = claimed;
            }
        }
        boolean timeStamped = false;
        CmsSignatures.TimeStampCheck stamp = timeStamp(signatureElement, keys.chain);
        if (stamp != null) {
            checks.add(stamp.check());
            if (stamp.trustedTime() != null && judgeAtClaimedTime) {
                signingTime = stamp.trustedTime();
                timeStamped = true;
            }
        }
        checks.addAll(certificates.check(signer, keys.chain, new CertificateVerifier.SigningTime(signingTime, timeStamped)));
        return new VerificationReport(signer.getSubjectX500Principal().getName(), signingTime, checks);
    }

    /** Only the whole document and this signature's own signed properties may be covered: no wrapping tricks. */
    private static String coverage(List<?> references, NodeList signedProperties) {
        int whole = 0;
        for (Object o : references) {
            Reference r = (Reference) o;
            if ("".equals(r.getURI())) {
                whole++;
            } else if (!SIGNED_PROPERTIES_TYPE.equals(r.getType()) || findById(signedProperties, r.getURI()) == null) {
                return "the signature covers " + r.getURI() + ", not only the whole document and its signed properties";
            }
        }
        return whole == 1 ? null : "the signature does not cover the whole document exactly once";
    }

    private Check integrity(XMLSignature signature, DOMValidateContext context) throws XMLSignatureException {
        if (signature.validate(context)) {
            return new Check("integrity", Outcome.PASS, "signature value and digests match");
        }
        for (Object o : signature.getSignedInfo().getReferences()) {
            Reference r = (Reference) o;
            if (!r.validate(context)) {
                return new Check("integrity", Outcome.FAIL, "".equals(r.getURI())
                        ? "the document was altered after signing"
                        : "the signed properties were altered after signing");
            }
        }
        return new Check("integrity", Outcome.FAIL, "the signature value does not match (altered, or another key)");
    }

    private static Element findSignedProperties(List<?> references, NodeList candidates) {
        for (Object o : references) {
            Reference r = (Reference) o;
            if (SIGNED_PROPERTIES_TYPE.equals(r.getType())) {
                return findById(candidates, r.getURI());
            }
        }
        return null;
    }

    private static Element findById(NodeList candidates, String uri) {
        if (uri == null || !uri.startsWith("#")) {
            return null;
        }
        for (int i = 0; i < candidates.getLength(); i++) {
            Element e = (Element) candidates.item(i);
            if (uri.substring(1).equals(e.getAttribute("Id"))) {
                return e;
            }
        }
        return null;
    }

    /** The signing certificate named in the signed properties must be the one that signed (no substitution). */
    private static Check checkSignedProperties(Element properties, X509Certificate signer) {
        NodeList digests = properties.getElementsByTagNameNS(XADES, "CertDigest");
        if (digests.getLength() == 0) {
            return new Check("signed-properties", Outcome.FAIL, "the signed properties do not name the signing certificate");
        }
        Element digest = (Element) digests.item(0);
        Element method = first(digest, XMLSignature.XMLNS, "DigestMethod");
        Element value = first(digest, XMLSignature.XMLNS, "DigestValue");
        if (method == null || value == null || !DigestMethod.SHA256.equals(method.getAttribute("Algorithm"))) {
            return new Check("signed-properties", Outcome.INDETERMINATE, "the signing-certificate digest is not SHA-256");
        }
        try {
            byte[] expected = sha256(signer.getEncoded());
            if (!MessageDigest.isEqual(expected, Base64.getMimeDecoder().decode(value.getTextContent().trim()))) {
                return new Check("signed-properties", Outcome.FAIL,
                        "the signed properties name another certificate than the one that signed");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Check("signed-properties", Outcome.FAIL, "unreadable signing-certificate digest");
        }
        Instant time = signingTime(properties);
        return new Check("signed-properties", Outcome.PASS, "XAdES B-B: signing certificate bound"
                + (time == null ? "" : ", signing time " + time + " (claimed by the signer)"));
    }

    private static Instant signingTime(Element properties) {
        Element time = first(properties, XADES, "SigningTime");
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time.getTextContent().trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses XML for verification with DTDs and external entities refused. */
    public static Document parse(InputStream xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(xml);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (SAXException e) {
            throw new IOException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String namespace, String name) {
        Element e = parent.getOwnerDocument().createElementNS(namespace, name);
        parent.appendChild(e);
        return e;
    }

    private static Element first(Element parent, String namespace, String localName) {
        NodeList list = parent.getElementsByTagNameNS(namespace, localName);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance(SignatureAlgorithms.SHA256).digest(data);
    }

    /** Takes the signer's public key from the certificates in KeyInfo, and keeps them for the trust checks. */
    private static final class CertificateFromKeyInfo extends KeySelector {
        private final List<X509Certificate> chain = new ArrayList<>();

        @Override
        public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method, XMLCryptoContext context)
                throws KeySelectorException {
            if (keyInfo != null && chain.isEmpty()) {
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
