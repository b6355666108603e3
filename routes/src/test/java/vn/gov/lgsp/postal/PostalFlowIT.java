package vn.gov.lgsp.postal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver.Received;
import vn.gov.lgsp.sandbox.SandboxPostalOperator;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.TestEvents;

/**
 * The dossier → public postal service flow against the sandbox operator on loopback: orders, cash on delivery,
 * cancellation, tracking pushed and pulled, refusals, tokens that expire.
 */
@TestPropertySource(properties = {"app.flows.postal.pull-after=2s", "app.flows.postal.pull-interval=500ms"})
class PostalFlowIT extends MiddlewareTest {

    private static final Duration SHIPPED = Duration.ofSeconds(30);

    @Test
    void aDossierSentByPostIsPickedUpAndItsResultDeliveredWithTheUnpaidFeesCollected() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.postalEvent(code, 1, 2));
        api.postEvent(TestEvents.postalEvent(code, 2, 4));
        api.postEvent(TestEvents.postalEvent(code, 3, 9));

        await().atMost(SHIPPED).until(() -> deliveredAtOperator(code, "SEND_DOSSIER") && deliveredAtOperator(code, "RETURN_RESULT"));
        SandboxPostalOperator.Shipment pickUp = POST.shipmentsOf(code, "SEND_DOSSIER").get(0);
        SandboxPostalOperator.Shipment result = POST.shipmentsOf(code, "RETURN_RESULT").get(0);
        assertThat(pickUp.codAmount()).isZero();
        assertThat(result.codAmount()).isEqualTo(100_000);

        await().atMost(SHIPPED).until(() -> trackingOf(code, result.itemCode()).contains(4));
        await().atMost(SHIPPED).until(() -> trackingOf(code, pickUp.itemCode()).contains(4));
        assertThat(trackingOf(code, pickUp.itemCode())).containsExactly(1, 2, 3, 4);
        assertThat(trackingOf(code, result.itemCode())).containsExactly(1, 2, 3, 4);
        List<Received> postal = postalCallbacks(code);
        assertThat(postal.get(0).kind()).isEqualTo("POSTAL_ORDER");
        assertThat(postal.get(0).data().path("serviceType").asText()).isEqualTo("SEND_DOSSIER");
        assertThat(postal.get(0).data().path("codAmount").asLong()).isZero();
        Received resultOrder = postal.stream().filter(c -> c.kind().equals("POSTAL_ORDER")
                && c.data().path("serviceType").asText().equals("RETURN_RESULT")).findFirst().orElseThrow();
        assertThat(resultOrder.data().path("itemCode").asText()).isEqualTo(result.itemCode());
        assertThat(resultOrder.data().path("codAmount").asLong()).isEqualTo(100_000);
        Received delivered = postal.stream().filter(c -> c.kind().equals("POSTAL_TRACKING")
                && c.data().path("itemCode").asText().equals(result.itemCode()) && c.data().path("statusCode").asInt() == 4)
                .findFirst().orElseThrow();
        assertThat(delivered.data().path("collectedAmount").asLong()).isEqualTo(100_000);
        assertThat(delivered.data().path("statusTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+07:00");
        assertThat(ONESTOP.outOfOrder()).isZero();

        JsonNode view = api.operatorGet("/api/v1/dossiers/" + code).body();
        assertThat(view.path("postal").findValuesAsText("itemCode")).containsExactlyInAnyOrder(pickUp.itemCode(), result.itemCode());
        assertThat(count("select collected_amount from postal_order where item_code = ?", result.itemCode())).isEqualTo(100_000);
        assertThat(view.path("messageLog").path("intact").asBoolean()).isTrue();
    }

    @Test
    void aRepeatedOrReplayedStepNeverOrdersTwice() {
        String code = TestEvents.newDossierCode();
        ObjectNode received = TestEvents.postalEvent(code, 1, 2);
        api.postEvent(received);
        await().atMost(SHIPPED).until(() -> POST.shipmentsOf(code, "SEND_DOSSIER").size() == 1);
        // The one-stop software sends the step again, then a re-reception after a supplement (status 2 once more).
        api.postEvent(received);
        api.postEvent(TestEvents.postalEvent(code, 2, 5));
        api.postEvent(TestEvents.postalEvent(code, 3, 2));
        await().atMost(SHIPPED).until(() -> count("select delivered_sequence from peer_dossier where peer = 'postal' "
                + "and dossier_code = ?", code) == 3);
        assertThat(POST.shipmentsOf(code, "SEND_DOSSIER")).hasSize(1);
        assertThat(postalCallbacks(code).stream().filter(c -> c.kind().equals("POSTAL_ORDER"))).hasSize(1);
    }

    @Test
    void aWithdrawnDossiersOpenShipmentIsCancelledAndTheCancellationTold() {
        POST.halt(true);
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.postalEvent(code, 1, 2));
        await().atMost(SHIPPED).until(() -> POST.shipmentsOf(code, "SEND_DOSSIER").size() == 1);
        String item = POST.shipmentsOf(code, "SEND_DOSSIER").get(0).itemCode();

        api.postEvent(TestEvents.postalEvent(code, 2, 7));

        await().atMost(SHIPPED).until(() -> trackingOf(code, item).contains(7));
        assertThat(POST.shipment(item).history()).extracting(SandboxPostalOperator.Status::code).containsExactly(1, 7);
        assertThat(count("select status_code from postal_order where item_code = ?", item)).isEqualTo(7);
        POST.halt(false);
    }

    @Test
    void pushesThatNeverCameAreLearnedByThePull() {
        POST.skipAllPushes(true);
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.postalEvent(code, 1, 2));

        await().atMost(SHIPPED).until(() -> trackingOf(code, itemOf(code)).contains(4));
        assertThat(trackingOf(code, itemOf(code))).containsExactly(1, 2, 3, 4);
        assertThat(count("select count(*) from postal_tracking where item_code = ? and learned_by = 'PULL'", itemOf(code)))
                .isEqualTo(4);
        assertThat(POST.pulls()).isPositive();
    }

    @Test
    void outOfOrderAndRepeatedPushesAreAcknowledgedAndOnlyForwardStatusesTaken() {
        POST.outOfOrder(true);
        POST.pushTwice(true);
        long refusedBefore = POST.pushesRefused();
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.postalEvent(code, 1, 2));

        await().atMost(SHIPPED).until(() -> trackingOf(code, itemOf(code)).contains(4));
        // "Picked up" came after "in transit": acknowledged and ignored, as every repeat was.
        assertThat(trackingOf(code, itemOf(code))).containsExactly(1, 3, 4);
        assertThat(POST.pushesRefused()).isEqualTo(refusedBefore);
        assertThat(count("select count(*) from message_log where dossier_code = ? and outcome = 'IGNORED'", code))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void theTokenIsRenewedBeforeItExpiresAndOnceWhenTheOperatorRevokesIt() {
        POST.tokenLifetime(Duration.ofSeconds(2));
        POST.revokeTokens();
        long loginsBefore = POST.logins();
        long unauthorizedBefore = POST.unauthorized();
        long started = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            String code = TestEvents.newDossierCode();
            api.postEvent(TestEvents.postalEvent(code, 1, 2));
            await().atMost(SHIPPED).until(() -> POST.shipmentsOf(code, "SEND_DOSSIER").size() == 1);
            sleep(700);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        // At most one login per second of a 2-second token (renewed at half its life), however many calls were made.
        assertThat(POST.logins() - loginsBefore).isBetween(2L, seconds + 2);
        assertThat(POST.unauthorized() - unauthorizedBefore).isLessThanOrEqualTo(1);

        POST.revokeTokens();
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.postalEvent(code, 1, 2));
        await().atMost(SHIPPED).until(() -> POST.shipmentsOf(code, "SEND_DOSSIER").size() == 1);
        assertThat(POST.unauthorized() - unauthorizedBefore).isLessThanOrEqualTo(2);
    }

    @Test
    void aRefusedOrderIsParkedWithTheOperatorsStatusToldAndPlacedOnReplay() {
        POST.refuseNext(1, "102", "Địa chỉ người gửi không hợp lệ");
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.postalEvent(code, 1, 2));

        await().atMost(SHIPPED).until(() -> api.parkedOf(code).size() == 1);
        JsonNode parked = api.parkedOf(code).get(0);
        assertThat(parked.path("peer").asText()).isEqualTo("postal");
        assertThat(parked.path("reasonCode").asText()).isEqualTo("postal.rejected.102");
        assertThat(parked.path("reason").asText()).contains("Địa chỉ người gửi không hợp lệ");
        await().atMost(SHIPPED).until(() -> postalCallbacks(code).size() == 1);
        Received refused = postalCallbacks(code).get(0);
        assertThat(refused.kind()).isEqualTo("POSTAL_ORDER_REFUSED");
        assertThat(refused.data().path("status").asText()).isEqualTo("102");
        assertThat(refused.data().path("message").asText()).isEqualTo("Địa chỉ người gửi không hợp lệ");
        assertThat(POST.shipmentsOf(code, "SEND_DOSSIER")).isEmpty();

        assertThat(api.operator("POST", "/api/v1/parked/" + parked.path("id").asLong() + "/replay").status()).isEqualTo(200);
        await().atMost(SHIPPED).until(() -> POST.shipmentsOf(code, "SEND_DOSSIER").size() == 1);
        await().atMost(SHIPPED).until(() -> postalCallbacks(code).stream().anyMatch(c -> c.kind().equals("POSTAL_ORDER")));
    }

    @Test
    void aDossierOfAnAgencyWithoutAnAddressIsParkedForTheOperator() {
        String code = "000.00.77.H56-261120-" + String.format("%04d", 1 + (int) (System.nanoTime() % 9000));
        api.postEvent(TestEvents.postalEvent(code, 1, 2));

        await().atMost(SHIPPED).until(() -> api.parkedOf(code).size() == 1);
        assertThat(api.parkedOf(code).get(0).path("reasonCode").asText()).isEqualTo("postal.agency-address-missing");
        assertThat(POST.shipmentsOf(code, "SEND_DOSSIER")).isEmpty();
    }

    private boolean deliveredAtOperator(String code, String serviceType) {
        return POST.shipmentsOf(code, serviceType).stream()
                .anyMatch(s -> s.history().stream().anyMatch(st -> st.code() == 4));
    }

    private String itemOf(String code) {
        await().atMost(SHIPPED).until(() -> POST.shipmentsOf(code, "SEND_DOSSIER").size() == 1);
        return POST.shipmentsOf(code, "SEND_DOSSIER").get(0).itemCode();
    }

    /** The tracking statuses of the item the one-stop software was told of, in the order it heard them. */
    private static List<Integer> trackingOf(String code, String itemCode) {
        return ONESTOP.of(code).stream().filter(c -> c.kind().equals("POSTAL_TRACKING")
                && c.data().path("itemCode").asText().equals(itemCode)).map(c -> c.data().path("statusCode").asInt()).toList();
    }

    private static List<Received> postalCallbacks(String code) {
        return ONESTOP.of(code).stream().filter(c -> c.kind().startsWith("POSTAL_")).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
