package vn.gov.lgsp.adapters.ministry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import vn.gov.lgsp.adapters.model.Applicant;
import vn.gov.lgsp.adapters.model.ApplicantType;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.InterAgencyReceipt;
import vn.gov.lgsp.adapters.model.MinistryPackage;
import vn.gov.lgsp.adapters.model.MinistryReply;
import vn.gov.lgsp.adapters.signature.XmlSignatures;

/**
 * The package documents of DOMAIN 6 ({@code DossierPackage}, {@code StatusNotice}, {@code ResultPackage},
 * {@code Receipt}) to and from the canonical model. Reading is strict: no DTD, and the document must match
 * {@code inter-agency-packages.xsd} (children, order, formats), or it is {@code package.malformed}.
 */
public final class InterAgencyXml {

    public static final String NS = "urn:lgsp:interagency:1";
    private static final Schema SCHEMA = schema();
    private static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private InterAgencyXml() {
    }

    public static Document dossierPackage(MinistryPackage p) {
        Document doc = newDocument();
        Element root = root(doc, "DossierPackage");
        header(root, p.messageId(), p.sentAt(), p.sender(), p.receiver(), p.dossierCode());
        text(root, "ProcedureCode", p.procedureCode());
        Element chain = element(root, "Chain");
        chain.setAttribute("name", p.chainName());
        chain.setAttribute("step", Integer.toString(p.step()));
        chain.setAttribute("steps", Integer.toString(p.steps()));
        text(root, "DueAt", time(p.dueAt()));
        Element applicant = element(root, "Applicant");
        applicant.setAttribute("type", p.applicant().type().name());
        text(applicant, "FullName", p.applicant().fullName());
        text(applicant, "IdNumber", p.applicant().idNumber() == null ? "" : p.applicant().idNumber());
        if (p.applicant().phone() != null) {
            text(applicant, "Phone", p.applicant().phone());
        }
        if (p.applicant().address() != null) {
            text(applicant, "Address", p.applicant().address());
        }
        text(root, "Summary", p.summary());
        documents(root, p.documents());
        return doc;
    }

    public static Document reply(MinistryReply r) {
        Document doc = newDocument();
        Element root = root(doc, r.kind() == MinistryReply.Kind.STATUS ? "StatusNotice" : "ResultPackage");
        header(root, r.messageId(), r.sentAt(), r.sender(), r.receiver(), r.dossierCode());
        text(root, "InReplyTo", r.inReplyTo());
        text(root, r.kind() == MinistryReply.Kind.STATUS ? "Status" : "Outcome", r.value());
        if (r.note() != null) {
            text(root, "Note", r.note());
        }
        if (r.kind() == MinistryReply.Kind.RESULT) {
            documents(root, r.documents());
        }
        return doc;
    }

    public static Document receipt(InterAgencyReceipt r) {
        Document doc = newDocument();
        Element root = root(doc, "Receipt");
        text(root, "MessageId", r.messageId());
        text(root, "IssuedAt", time(r.issuedAt()));
        text(root, "Issuer", r.issuer());
        Element acknowledges = element(root, "Acknowledges");
        acknowledges.setAttribute("messageId", r.acknowledgedMessageId());
        acknowledges.setAttribute("digest", r.acknowledgedDigest());
        return doc;
    }

    /** Parses a package document: well-formed, without a DOCTYPE, or {@code package.malformed}. */
    public static Document parse(byte[] bytes) {
        try {
            return XmlSignatures.parse(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new InterAgencyRefusal(InterAgencyRefusal.PACKAGE_MALFORMED, "the package is not well-formed XML "
                    + "without a DOCTYPE: " + e.getMessage());
        }
    }

    /** Checks that a parsed document follows the contract (children, order, formats), or {@code package.malformed}. */
    public static Document validate(Document doc) {
        try {
            var validator = SCHEMA.newValidator();
            validator.setErrorHandler(null);
            validator.validate(new DOMSource(doc));
            return doc;
        } catch (SAXException | IOException e) {
            throw new InterAgencyRefusal(InterAgencyRefusal.PACKAGE_MALFORMED, "the package does not follow the "
                    + "contract: " + e.getMessage());
        }
    }

    /** The root element's local name: {@code DossierPackage}, {@code StatusNotice}, {@code ResultPackage}, {@code Receipt}. */
    public static String kind(Document doc) {
        return doc.getDocumentElement().getLocalName();
    }

    public static MinistryPackage readDossierPackage(Document doc) {
        Element root = expect(doc, "DossierPackage");
        Element chain = child(root, "Chain");
        Element applicant = child(root, "Applicant");
        return new MinistryPackage(value(root, "MessageId"), parseTime(value(root, "SentAt")), value(root, "Sender"),
                value(root, "Receiver"), value(root, "DossierCode"), value(root, "ProcedureCode"),
                chain.getAttribute("name"), Integer.parseInt(chain.getAttribute("step")),
                Integer.parseInt(chain.getAttribute("steps")), parseTime(value(root, "DueAt")),
                new Applicant(ApplicantType.valueOf(applicant.getAttribute("type")), value(applicant, "FullName"),
                        value(applicant, "IdNumber"), value(applicant, "Phone"), null, value(applicant, "Address")),
                value(root, "Summary"), documents(root));
    }

    public static MinistryReply readReply(Document doc) {
        Element root = doc.getDocumentElement();
        boolean status = "StatusNotice".equals(root.getLocalName());
        if (!status) {
            expect(doc, "ResultPackage");
        }
        return new MinistryReply(status ? MinistryReply.Kind.STATUS : MinistryReply.Kind.RESULT, value(root, "MessageId"),
                parseTime(value(root, "SentAt")), value(root, "Sender"), value(root, "Receiver"),
                value(root, "DossierCode"), value(root, "InReplyTo"), value(root, status ? "Status" : "Outcome"),
                value(root, "Note"), documents(root));
    }

    public static InterAgencyReceipt readReceipt(Document doc) {
        Element root = expect(doc, "Receipt");
        Element acknowledges = child(root, "Acknowledges");
        return new InterAgencyReceipt(value(root, "MessageId"), parseTime(value(root, "IssuedAt")), value(root, "Issuer"),
                acknowledges.getAttribute("messageId"), acknowledges.getAttribute("digest"));
    }

    /** The document as bytes (UTF-8, no indentation): what is signed is what travels. */
    public static byte[] bytes(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the package", e);
        }
    }

    /** The digest the contract names (receipts, documents): lowercase hex SHA-256. */
    public static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Times to the second, with their offset, as the contract writes them: seconds always written (the ISO form of
     * {@code toString()} drops them when they are zero, which the contract does not allow).
     */
    public static String time(OffsetDateTime time) {
        return SECONDS.format(time);
    }

    private static OffsetDateTime parseTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InterAgencyRefusal(InterAgencyRefusal.PACKAGE_MALFORMED, "not an ISO-8601 time with an offset: " + text);
        }
    }

    private static Element expect(Document doc, String root) {
        Element element = doc.getDocumentElement();
        if (!NS.equals(element.getNamespaceURI()) || !root.equals(element.getLocalName())) {
            throw new InterAgencyRefusal(InterAgencyRefusal.PACKAGE_MALFORMED, "expected a " + root + ", not a "
                    + element.getLocalName());
        }
        return element;
    }

    private static List<InterAgencyDocument> documents(Element root) {
        List<InterAgencyDocument> documents = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && "Document".equals(e.getLocalName())) {
                documents.add(new InterAgencyDocument(e.getAttribute("id"), e.getAttribute("name"),
                        e.getAttribute("mediaType"), Long.parseLong(e.getAttribute("size")), e.getAttribute("sha256")));
            }
        }
        return documents;
    }

    private static void documents(Element root, List<InterAgencyDocument> documents) {
        for (InterAgencyDocument d : documents) {
            Element e = element(root, "Document");
            e.setAttribute("id", d.id());
            e.setAttribute("name", d.name());
            e.setAttribute("mediaType", d.mediaType());
            e.setAttribute("size", Long.toString(d.size()));
            e.setAttribute("sha256", d.sha256());
        }
    }

    private static void header(Element root, String messageId, OffsetDateTime sentAt, String sender, String receiver,
                               String dossierCode) {
        text(root, "MessageId", messageId);
        text(root, "SentAt", time(sentAt));
        text(root, "Sender", sender);
        text(root, "Receiver", receiver);
        text(root, "DossierCode", dossierCode);
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element root(Document doc, String name) {
        Element root = doc.createElementNS(NS, name);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NS);
        doc.appendChild(root);
        return root;
    }

    private static Element element(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElementNS(NS, name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Element parent, String name, String value) {
        element(parent, name).setTextContent(value);
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String value(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Schema schema() {
        URL xsd = InterAgencyXml.class.getResource("/wsdl/inter-agency-packages.xsd");
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            try (var in = xsd.openStream()) {
                return factory.newSchema(new javax.xml.transform.stream.StreamSource(in, xsd.toExternalForm()));
            }
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("cannot read inter-agency-packages.xsd", e);
        }
    }
}
