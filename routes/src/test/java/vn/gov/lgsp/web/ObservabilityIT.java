package vn.gov.lgsp.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;

/** What monitoring and integrators read: the health groups, the OpenAPI document, logs without personal data. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends MiddlewareTest {

    @Test
    void readinessCoversTheDatabaseTheBrokerAndEachPeersBreakerAndLivenessTheProcess() {
        OnestopApi.Answer readiness = get("/actuator/health/readiness");
        OnestopApi.Answer liveness = get("/actuator/health/liveness");

        assertThat(readiness.status()).as(readiness.text()).isEqualTo(200);
        JsonNode components = readiness.body().path("components");
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("jms").path("status").asText()).isEqualTo("UP");
        JsonNode peers = components.path("peers").path("details");
        assertThat(peers.fieldNames()).toIterable().contains("portal", "callbacks", "payment", "postal", "ministries",
                "ministry-000.00.00.G12", "ministry-000.00.00.G10", "ministry-000.00.00.G20");
        assertThat(peers.path("portal").path("breaker").asText()).isEqualTo("CLOSED");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRestEndpointWithItsKey() {
        OnestopApi.Answer docs = get("/v3/api-docs");

        assertThat(docs.status()).as(docs.text()).isEqualTo(200);
        assertThat(docs.body().path("paths").fieldNames()).toIterable().contains("/api/v1/dossier-events",
                "/api/v1/dossiers/{code}", "/api/v1/parked", "/api/v1/parked/{id}/replay", "/api/v1/payments/confirm",
                "/api/v1/postal/tracking", "/api/v1/signatures/verify");
        assertThat(docs.body().path("components").path("securitySchemes").path("apiKey").path("name").asText())
                .isEqualTo("X-API-Key");
        assertThat(get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void citizenIdentifiersAndPhonesAreMaskedInEveryLogLine(CapturedOutput output) {
        LoggerFactory.getLogger("vn.gov.lgsp.audit").info("Applicant {} called from {} about {}", "001090012345",
                "0912345678", "000.00.31.H56-261116-0001");

        assertThat(output.getOut()).contains("Applicant *********345 called from *******678 about 000.00.31.H56-261116-0001")
                .doesNotContain("001090012345").doesNotContain("0912345678");
    }

    private OnestopApi.Answer get(String path) {
        return api.send("GET", path, null, null, HttpRequest.BodyPublishers.noBody());
    }
}
