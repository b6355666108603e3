package vn.gov.lgsp.adapters.signature.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.lgsp.adapters.signature.SignatureAlgorithms;
import vn.gov.lgsp.adapters.signature.SigningKey;

/**
 * The sandbox's trust services on loopback: an OCSP responder ({@code POST /ocsp}), CRLs
 * ({@code GET /crl/<name>.crl}) and a time-stamping authority ({@code POST /tsa}, RFC 3161). Each can be taken
 * down to exercise what the verifier does when a source does not answer.
 */
public final class TrustServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrustServices.class);
    private static final Duration ANSWER_VALIDITY = Duration.ofMinutes(10);
    /** The sandbox TSA's policy (an arc under the test OID space 2.999). */
    private static final ASN1ObjectIdentifier TSA_POLICY = new ASN1ObjectIdentifier("2.999.84.1");

    private final HttpServer server;
    private final Map<String, CertificateAuthority> authorities = new ConcurrentHashMap<>();
    private volatile SigningKey timeStampingKey;
    private volatile boolean ocspUp = true;
    private volatile boolean crlUp = true;
    private final AtomicInteger ocspRequests = new AtomicInteger();
    private final AtomicInteger crlRequests = new AtomicInteger();
    private final AtomicLong timeStampSerial = new AtomicLong(System.currentTimeMillis());

    private TrustServices(HttpServer server) {
        this.server = server;
    }

    /** Listens on loopback ({@code port} 0 picks a free one); authorities and the TSA key are added afterwards. */
    public static TrustServices start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        TrustServices services = new TrustServices(server);
        server.createContext("/ocsp", services::ocsp);
        server.createContext("/crl/", services::crl);
        server.createContext("/ca/", services::caCertificate);
        server.createContext("/tsa", services::timeStamp);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sandbox-trust-services");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return services;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String ocspUrl() {
        return baseUrl() + "/ocsp";
    }

    public String crlUrl(String name) {
        return baseUrl() + "/crl/" + name + ".crl";
    }

    /** Where {@code name}'s own certificate is published (DER), as issued certificates name it. */
    public String caIssuersUrl(String name) {
        return baseUrl() + "/ca/" + name + ".cer";
    }

    public String timeStampUrl() {
        return baseUrl() + "/tsa";
    }

    /** Publishes {@code authority}'s CRL as {@code /crl/<name>.crl} and answers OCSP for what it issued. */
    public void serve(String name, CertificateAuthority authority) {
        authorities.put(name, authority);
    }

    public void timeStampWith(SigningKey key) {
        this.timeStampingKey = key;
    }

    public void ocspAvailable(boolean up) {
        this.ocspUp = up;
    }

    public void crlAvailable(boolean up) {
        this.crlUp = up;
    }

    public int ocspRequests() {
        return ocspRequests.get();
    }

    public int crlRequests() {
        return crlRequests.get();
    }

    private void ocsp(HttpExchange exchange) throws IOException {
        ocspRequests.incrementAndGet();
        try (exchange) {
            if (!ocspUp || !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(ocspUp ? 405 : 503, -1);
                return;
            }
            OCSPReq request = new OCSPReq(readAll(exchange.getRequestBody()));
            OCSPResp answer = null;
            for (CertificateAuthority authority : authorities.values()) {
                if (authority.answers(request)) {
                    answer = authority.ocspAnswer(request, ANSWER_VALIDITY);
                    break;
                }
            }
            if (answer == null) {
                answer = new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null);
            }
            send(exchange, "application/ocsp-response", answer.getEncoded());
        } catch (IOException | GeneralSecurityException | org.bouncycastle.cert.ocsp.OCSPException e) {
            log.warn("sandbox OCSP responder: {}", e.toString());
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private void crl(HttpExchange exchange) throws IOException {
        crlRequests.incrementAndGet();
        try (exchange) {
            String file = exchange.getRequestURI().getPath().substring("/crl/".length());
            CertificateAuthority authority = file.endsWith(".crl") ? authorities.get(file.substring(0, file.length() - 4)) : null;
            if (!crlUp || authority == null) {
                exchange.sendResponseHeaders(crlUp ? 404 : 503, -1);
                return;
            }
            send(exchange, "application/pkix-crl", authority.crl(ANSWER_VALIDITY).getEncoded());
        } catch (GeneralSecurityException e) {
            log.warn("sandbox CRL endpoint: {}", e.toString());
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void caCertificate(HttpExchange exchange) throws IOException {
        try (exchange) {
            String file = exchange.getRequestURI().getPath().substring("/ca/".length());
            CertificateAuthority authority = file.endsWith(".cer") ? authorities.get(file.substring(0, file.length() - 4)) : null;
            if (authority == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            send(exchange, "application/pkix-cert", authority.certificate().getEncoded());
        } catch (GeneralSecurityException e) {
            log.warn("sandbox CA certificate endpoint: {}", e.toString());
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void timeStamp(HttpExchange exchange) throws IOException {
        try (exchange) {
            SigningKey key = timeStampingKey;
            if (key == null || !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(key == null ? 503 : 405, -1);
                return;
            }
            TimeStampRequest request = new TimeStampRequest(readAll(exchange.getRequestBody()));
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build(SignatureAlgorithms.forKey(key.privateKey()),
                            key.privateKey(), key.certificate()),
                    new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    TSA_POLICY);
            tokens.addCertificates(new JcaCertStore(key.chain()));
            TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
            byte[] answer = responses.generate(request, BigInteger.valueOf(timeStampSerial.incrementAndGet()), new Date())
                    .getEncoded();
            send(exchange, "application/timestamp-reply", answer);
        } catch (Exception e) {
            log.warn("sandbox TSA: {}", e.toString());
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readNBytes(1 << 20);
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
