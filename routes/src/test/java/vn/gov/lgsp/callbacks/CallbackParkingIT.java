package vn.gov.lgsp.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.TestEvents;

/**
 * A callback the one-stop software keeps refusing is parked after {@code app.flows.callbacks.max-attempts}
 * deliveries, holds the dossier's later callbacks behind it, and is replayed like any parked message.
 */
@TestPropertySource(properties = {
    "app.flows.callbacks.max-attempts=3",
    "app.flows.callbacks.in-place.attempts=1",
    "app.flows.callbacks.circuit-breaker.minimum-calls=1000",
    "app.flows.callbacks.circuit-breaker.sliding-window=1000"})
class CallbackParkingIT extends MiddlewareTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Test
    void aCallbackStillRefusedAfterItsAttemptsIsParkedAndReplayedInOrder() {
        String code = TestEvents.newDossierCode();
        ONESTOP.outage(500);
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 2, 4));

        await().atMost(DELIVERY).until(() -> api.parkedOf(code).size() == 1);
        JsonNode parked = api.parkedOf(code).get(0);
        assertThat(parked.path("peer").asText()).isEqualTo("callbacks");
        assertThat(parked.path("sequence").asInt()).isEqualTo(1);
        assertThat(parked.path("reasonCode").asText()).isEqualTo("callbacks.refused");
        assertThat(parked.path("reason").asText()).startsWith("still failing after 3 delivery attempts");
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4);
        assertThat(api.operatorGet("/api/v1/dossiers/" + code).body().path("callbacks").findValuesAsText("state"))
                .containsExactly("PARKED", "WAITING");

        ONESTOP.endOutage();
        assertThat(api.operator("POST", "/api/v1/parked/" + parked.path("id").asLong() + "/replay").status()).isEqualTo(200);

        await().atMost(DELIVERY).until(() -> ONESTOP.of(code).size() == 2);
        assertThat(ONESTOP.of(code)).extracting(c -> c.data().path("sequence").asInt()).containsExactly(1, 2);
        assertThat(ONESTOP.of(code)).extracting(SandboxCallbackReceiver.Received::kind).containsOnly("PORTAL_SYNCED");
    }

}
