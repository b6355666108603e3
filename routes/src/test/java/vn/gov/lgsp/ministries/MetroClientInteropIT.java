package vn.gov.lgsp.ministries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.xml.ws.api.WSService;
import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.MTOMFeature;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.ministry.InterAgencyXml;
import vn.gov.lgsp.adapters.ministry.SignedPackages;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.MinistryReply;
import vn.gov.lgsp.adapters.signature.XmlSignatures;
import vn.gov.lgsp.interop.metro.DocumentPart;
import vn.gov.lgsp.interop.metro.InterAgencyExchangePortType;
import vn.gov.lgsp.interop.metro.InterAgencyFault_Exception;
import vn.gov.lgsp.interop.metro.PackageRequest;
import vn.gov.lgsp.interop.metro.ReceiptResponse;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.TestEvents;

/**
 * A ministry built on another SOAP stack: Metro (the JAX-WS reference implementation), with a client that wsimport
 * generated at build time from our WSDL, reads the WSDL our service publishes, submits a signed result with its
 * document as an MTOM part, gets a receipt, and gets the contract's fault detail for a package it did not sign.
 */
class MetroClientInteropIT extends MiddlewareTest {

    private static final String NS = "urn:lgsp:interagency:1";
    private static final String G12 = "000.00.00.G12";

    @Test
    void aMetroClientGeneratedFromOurWsdlSubmitsAResultAndReadsOurFaults() throws Exception {
        String code = TestEvents.newDossierCode();
        String ourPackage = firstPackageSentFor(code);
        String service = "http://127.0.0.1:" + port + "/services/inter-agency";
        String published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service + "?wsdl")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(published).contains("InterAgencyExchangePortType", "SubmitResult", "urn:lgsp:interagency:1#SubmitResult");

        // Metro's own service delegate, not whichever JAX-WS provider the classpath would pick.
        InterAgencyExchangePortType port = WSService.create(URI.create(service + "?wsdl").toURL(),
                new QName(NS, "InterAgencyExchange")).getPort(new QName(NS, "InterAgencyExchangePort"),
                InterAgencyExchangePortType.class, new MTOMFeature());
        ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, service);
        assertThat(Proxy.getInvocationHandler(port).getClass().getName()).startsWith("com.sun.xml.ws");

        byte[] document = "%PDF-1.4\n% Giấy khai sinh (Metro)\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        String resultId = UUID.randomUUID().toString();
        byte[] signed = new SignedPackages(new XmlSignatures(null), Optional.of(PKI.signingKey(G12)), Clock.systemUTC())
                .sign(InterAgencyXml.reply(new MinistryReply(MinistryReply.Kind.RESULT, resultId,
                        OffsetDateTime.now(Callback.VIETNAM), G12, PROVINCE, code, ourPackage, MinistryReply.APPROVED,
                        "Đã đăng ký khai sinh", List.of(new InterAgencyDocument("kq1", "Giấy khai sinh.pdf",
                        "application/pdf", document.length, TestEvents.sha256(document))))));
        PackageRequest request = new PackageRequest();
        request.setSignedPackage(signed);
        DocumentPart part = new DocumentPart();
        part.setId("kq1");
        part.setValue(new DataHandler(document, "application/pdf"));
        request.getDocument().add(part);

        ReceiptResponse answer = port.submitResult(request);

        var receipt = InterAgencyXml.readReceipt(InterAgencyXml.parse(answer.getSignedReceipt()));
        assertThat(receipt.acknowledgedMessageId()).isEqualTo(resultId);
        assertThat(receipt.acknowledgedDigest()).isEqualTo(TestEvents.sha256(signed));
        // The approved result moves the chain on to the next ministry, with this document among the package's.
        await().atMost(Duration.ofSeconds(60)).until(() -> MINISTRIES.acceptedFor(code).size() == 2);
        assertThat(MINISTRIES.acceptedFor(code).get(1).documentIds()).contains(G12 + "-kq1");

        PackageRequest unsigned = new PackageRequest();
        unsigned.setSignedPackage(InterAgencyXml.bytes(InterAgencyXml.reply(new MinistryReply(MinistryReply.Kind.STATUS,
                UUID.randomUUID().toString(), OffsetDateTime.now(Callback.VIETNAM), G12, PROVINCE, code, ourPackage,
                "PROCESSING", null, List.of()))));
        assertThatThrownBy(() -> port.submitStatus(unsigned)).isInstanceOfSatisfying(InterAgencyFault_Exception.class,
                fault -> assertThat(fault.getFaultInfo().getCode()).isEqualTo("signature.missing"));
    }
}
