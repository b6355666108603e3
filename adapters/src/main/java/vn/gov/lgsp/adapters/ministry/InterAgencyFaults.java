package vn.gov.lgsp.adapters.ministry;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.interceptor.Fault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** SOAP faults of the contract: {@code Client} or {@code Server}, with {@code InterAgencyFault} (code, message) as detail. */
public final class InterAgencyFaults {

    private InterAgencyFaults() {
    }

    public static SoapFault fault(InterAgencyRefusal refused) {
        SoapFault fault = new SoapFault(refused.code() + ": " + refused.getMessage(),
                refused.retryable() ? Fault.FAULT_CODE_SERVER : Fault.FAULT_CODE_CLIENT);
        fault.setDetail(detail(refused.code(), refused.getMessage()));
        return fault;
    }

    /** {@code <detail><InterAgencyFault><Code/><Message/></InterAgencyFault></detail>}. */
    public static Element detail(String code, String message) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().newDocument();
            Element detail = doc.createElement("detail");
            Element fault = doc.createElementNS(InterAgencyXml.NS, "InterAgencyFault");
            fault.setAttribute("xmlns", InterAgencyXml.NS);
            Element c = doc.createElementNS(InterAgencyXml.NS, "Code");
            c.setTextContent(code);
            Element m = doc.createElementNS(InterAgencyXml.NS, "Message");
            m.setTextContent(message);
            fault.appendChild(c);
            fault.appendChild(m);
            detail.appendChild(fault);
            doc.appendChild(detail);
            return detail;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the fault already carries the contract's detail. */
    public static boolean hasDetail(Fault fault) {
        Element detail = fault.getDetail();
        return detail != null && detail.getElementsByTagNameNS(InterAgencyXml.NS, "Code").getLength() > 0;
    }

    /**
     * Gives the faults the SOAP stack raises itself (a request that is not well-formed SOAP, a DOCTYPE, an unknown
     * operation) the contract's detail, {@code package.malformed} or {@code server.error}, and records them.
     */
    public static final class ContractDetail extends AbstractSoapInterceptor {

        private final InterAgencyInbox inbox;

        public ContractDetail(InterAgencyInbox inbox) {
            super(Phase.PRE_PROTOCOL);
            this.inbox = inbox;
        }

        @Override
        public void handleMessage(SoapMessage message) {
            Fault fault = (Fault) message.getContent(Exception.class);
            if (fault == null || hasDetail(fault)) {
                return;
            }
            boolean client = Fault.FAULT_CODE_CLIENT.equals(fault.getFaultCode())
                    || (fault.getFaultCode() != null && "Client".equals(fault.getFaultCode().getLocalPart()));
            String code = client ? InterAgencyRefusal.PACKAGE_MALFORMED : InterAgencyRefusal.SERVER_ERROR;
            fault.setDetail(detail(code, String.valueOf(fault.getMessage())));
            inbox.refused("SOAP", "unknown", code, String.valueOf(fault.getMessage()), null);
        }
    }
}
