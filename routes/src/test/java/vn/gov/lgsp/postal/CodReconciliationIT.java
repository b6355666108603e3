package vn.gov.lgsp.postal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.reconciliation.ReconciliationReport;
import vn.gov.lgsp.sandbox.SandboxPostalOperator;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.TestEvents;

/**
 * The day's COD reconciliation against the sandbox operator, with discrepancies planted: a delivery that collected
 * less than owed, a delivery whose pushes never came, a shipment still on its way. Scheduled once a day on Quartz's
 * clustered JDBC store.
 */
class CodReconciliationIT extends MiddlewareTest {

    private static final Duration SHIPPED = Duration.ofSeconds(30);
    private static final long FEES = 100_000;

    @Test
    void theDaysReportListsEveryCashOnDeliveryShipmentAndThePlantedDiscrepancies() {
        String matched = deliveredDossier();
        POST.collectShort(30_000);
        String shortCollected = deliveredDossier();
        POST.collectShort(0);
        POST.skipAllPushes(true);
        String unreported = deliveredDossier();
        POST.skipAllPushes(false);
        POST.halt(true);
        String open = TestEvents.newDossierCode();
        sendUntilResult(open);
        await().atMost(SHIPPED).until(() -> POST.shipmentsOf(open, "RETURN_RESULT").size() == 1);
        String today = LocalDate.now(ReconciliationReport.VIETNAM).toString();

        OnestopApi.Answer run = api.operator("POST", "/api/v1/reconciliations/postal-cod/" + today);
        POST.halt(false);

        assertThat(run.status()).isEqualTo(200);
        JsonNode report = run.body();
        Map<String, JsonNode> rows = new HashMap<>();
        report.path("rows").forEach(r -> rows.put(r.path("dossierCode").asText(), r));
        assertThat(rows).containsOnlyKeys(matched, shortCollected, unreported, open);
        assertThat(rows.get(matched).path("outcome").asText()).isEqualTo("MATCHED");
        assertThat(rows.get(matched).path("discrepancy").asBoolean()).isFalse();
        assertThat(rows.get(shortCollected).path("outcome").asText()).isEqualTo("COLLECTED_SHORT");
        assertThat(rows.get(shortCollected).path("collectedByPost").asLong()).isEqualTo(70_000);
        assertThat(rows.get(unreported).path("outcome").asText()).isEqualTo("MATCHED");
        assertThat(rows.get(unreported).path("reportedBefore").asBoolean()).isFalse();
        assertThat(rows.get(unreported).path("discrepancy").asBoolean()).isTrue();
        assertThat(rows.get(open).path("outcome").asText()).isEqualTo("OPEN");
        assertThat(report.path("kind").asText()).isEqualTo("postal-cod");
        assertThat(report.path("totals").path("owed").asLong()).isEqualTo(3 * FEES);
        assertThat(report.path("totals").path("collectedByPost").asLong()).isEqualTo(3 * FEES - 30_000);
        assertThat(report.path("totals").path("difference").asLong()).isEqualTo(-30_000);
        assertThat(report.path("counts").path("MATCHED").asInt()).isEqualTo(2);
        assertThat(report.path("discrepancies").asInt()).isEqualTo(2);
        // What the operator knew and we had not heard is now in the ledger, learned as a pull learns it.
        assertThat(count("select count(*) from postal_order where dossier_code = ? and service_type = 'RETURN_RESULT' "
                + "and status_code = 4 and collected_amount = ?", unreported, FEES)).isEqualTo(1);

        assertThat(api.operatorGet("/api/v1/reconciliations/postal-cod/" + today).body()).isEqualTo(report);
        OnestopApi.Answer csv = api.operatorGet("/api/v1/reconciliations/postal-cod/" + today + ".csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.text().lines()).hasSize(5).first().asString().startsWith("day,dossierCode,itemCode,owed,collectedByPost,collectedInLedger");
        assertThat(csv.text()).contains(shortCollected + "," + POST.shipmentsOf(shortCollected, "RETURN_RESULT").get(0).itemCode()
                + ",100000,70000,70000,");
    }

    @Test
    void theReportIsForOperatorsAndForPastOrPresentDaysOnly() {
        assertThat(api.operatorGet("/api/v1/reconciliations/postal-cod/2026-13-01").status()).isEqualTo(400);
        assertThat(api.operator("POST", "/api/v1/reconciliations/postal-cod/"
                + LocalDate.now(ReconciliationReport.VIETNAM).plusDays(2)).status()).isEqualTo(400);
        assertThat(api.operatorGet("/api/v1/reconciliations/postal-cod/2020-01-01").status()).isEqualTo(404);
        assertThat(api.operatorGet("/api/v1/reconciliations/lottery/2020-01-01").status()).isEqualTo(404);
        assertThat(api.send("POST", "/api/v1/reconciliations/postal-cod/2020-01-01", OnestopApi.ONESTOP_KEY, null,
                HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(403);
    }

    @Test
    void theReconciliationIsScheduledDailyInVietnamTimeOnTheClusteredJobStore() {
        assertThat(jdbc.queryForMap("select t.trigger_state, c.cron_expression, c.time_zone_id from qrtz_triggers t "
                + "join qrtz_cron_triggers c on c.sched_name = t.sched_name and c.trigger_name = t.trigger_name "
                + "and c.trigger_group = t.trigger_group where t.trigger_name = 'postal-cod'"))
                .containsEntry("cron_expression", "0 30 1 * * ?").containsEntry("time_zone_id", "Asia/Ho_Chi_Minh");
        assertThat(count("select count(*) from qrtz_scheduler_state where sched_name = 'lgsp'")).isEqualTo(1);
        assertThat(count("select count(*) from qrtz_triggers where trigger_name = 'payments'")).isEqualTo(1);
    }

    /** A dossier received, processed and its result delivered by post with its fees collected. */
    private String deliveredDossier() {
        String code = TestEvents.newDossierCode();
        sendUntilResult(code);
        await().atMost(SHIPPED).until(() -> POST.shipmentsOf(code, "RETURN_RESULT").stream()
                .anyMatch(s -> s.history().stream().anyMatch(st -> st.code() == 4)));
        SandboxPostalOperator.Shipment shipment = POST.shipmentsOf(code, "RETURN_RESULT").get(0);
        assertThat(shipment.codAmount()).isEqualTo(FEES);
        return code;
    }

    private void sendUntilResult(String code) {
        for (int[] step : new int[][] {{1, 2}, {2, 4}, {3, 9}}) {
            ObjectNode event = TestEvents.postalEvent(code, step[0], step[1]);
            assertThat(api.postEvent(event).status()).isEqualTo(202);
        }
    }
}
