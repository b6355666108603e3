package vn.gov.lgsp.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.TestEvents;

/**
 * With tracing on, a one-stop request's W3C trace goes on through the queue to the portal, and its spans reach an
 * OTLP collector on loopback (a plain HTTP server that keeps what it is sent). Spring Boot's tests turn tracing off
 * unless asked ({@link AutoConfigureObservability}).
 */
@AutoConfigureObservability
class TracingIT extends MiddlewareTest {

    private static final ByteArrayOutputStream EXPORTED = new ByteArrayOutputStream();
    private static final HttpServer COLLECTOR;

    static {
        try {
            COLLECTOR = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        COLLECTOR.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (EXPORTED) {
                EXPORTED.writeBytes(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        COLLECTOR.start();
    }

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("management.tracing.enabled", () -> "true");
        registry.add("management.otlp.tracing.endpoint",
                () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.stop(0);
    }

    @Test
    void aOneStopRequestsTraceReachesThePortalAndTheCollector() throws Exception {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        String code = TestEvents.newDossierCode();

        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/dossier-events"))
                .header("Content-Type", "application/json").header("X-API-Key", OnestopApi.ONESTOP_KEY)
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(id, 0, 8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(TestEvents.event(code, 1, 2))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> PORTAL.progressStatuses(code).size() == 1);
        assertThat(PORTAL.calledInTrace(traceId)).as("the portal was called within the one-stop request's trace").isTrue();
        // OTLP carries trace ids as their 16 bytes.
        await().atMost(Duration.ofSeconds(30)).until(() -> contains(exported(), id));
    }

    private static byte[] exported() {
        synchronized (EXPORTED) {
            return EXPORTED.toByteArray();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
