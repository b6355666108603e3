package vn.gov.lgsp.ministries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.sandbox.SandboxMinistries;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.TestEvents;

/**
 * Inter-agency chains end to end over loopback SOAP: the sandbox ministries (SAAJ and the JDK's XML signature API,
 * none of our adapter's code) check our signed packages and documents, answer signed receipts, and send signed
 * statuses and results back to {@code /services/inter-agency}.
 */
class MinistryFlowIT extends MiddlewareTest {

    private static final Duration CHAIN = Duration.ofSeconds(60);

    @Autowired
    private MeterRegistry meters;

    @Test
    void aReceivedBirthDossierRunsTheWholeChainWithReceiptsResultsAndCallbacks() {
        String code = TestEvents.newDossierCode();
        assertThat(api.postEvent(TestEvents.birthEvent(code, 1, 2)).status()).isEqualTo(202);

        await().atMost(CHAIN).until(() -> ledgerState(code).equals("COMPLETED"));
        List<SandboxMinistries.Accepted> packages = MINISTRIES.acceptedFor(code);
        assertThat(packages).extracting(SandboxMinistries.Accepted::agency)
                .containsExactly("000.00.00.G12", "000.00.00.G10", "000.00.00.G20");
        assertThat(packages).extracting(SandboxMinistries.Accepted::step).containsExactly(1, 2, 3);
        // From the second step on, the earlier ministries' results travel with the dossier's own documents.
        assertThat(packages.get(0).documentIds()).containsExactly("a1");
        assertThat(packages.get(1).documentIds()).containsExactly("a1", "000.00.00.G12-kq1");
        assertThat(packages.get(2).documentIds()).containsExactly("a1", "000.00.00.G12-kq1", "000.00.00.G10-kq1");
        await().atMost(CHAIN).until(() -> kinds(code).stream().filter(k -> k.startsWith("MINISTRY_")).count() == 12);
        assertThat(kinds(code)).filteredOn(k -> k.startsWith("MINISTRY_")).containsExactly(
                "MINISTRY_RECEIPT", "MINISTRY_STATUS", "MINISTRY_STATUS", "MINISTRY_RESULT",
                "MINISTRY_RECEIPT", "MINISTRY_STATUS", "MINISTRY_STATUS", "MINISTRY_RESULT",
                "MINISTRY_RECEIPT", "MINISTRY_STATUS", "MINISTRY_STATUS", "MINISTRY_RESULT");
        SandboxCallbackReceiver.Received result = ONESTOP.of(code).stream()
                .filter(c -> c.kind().equals("MINISTRY_RESULT")).findFirst().orElseThrow();
        assertThat(result.data().path("outcome").asText()).isEqualTo("APPROVED");
        assertThat(result.data().path("documents").get(0).path("url").asText()).startsWith("http://127.0.0.1:" + port);
        assertThat(MINISTRIES.problemsOf(code)).isEmpty();
    }

    @Test
    void aRefusedResultEndsTheChainAndNothingGoesToTheNextMinistry() throws Exception {
        String code = TestEvents.newDossierCode();
        MINISTRIES.refuseResultOf(code);
        api.postEvent(TestEvents.birthEvent(code, 1, 2));

        await().atMost(CHAIN).until(() -> ledgerState(code).equals("REFUSED"));
        Thread.sleep(1000);
        assertThat(MINISTRIES.acceptedFor(code)).extracting(SandboxMinistries.Accepted::agency).containsExactly("000.00.00.G12");
        await().atMost(CHAIN).until(() -> kinds(code).contains("MINISTRY_RESULT"));
        assertThat(ONESTOP.of(code)).filteredOn(c -> c.kind().equals("MINISTRY_RESULT")).singleElement()
                .satisfies(c -> assertThat(c.data().path("outcome").asText()).isEqualTo("REFUSED"));
    }

    @Test
    void aDossierStoppedMidChainSendsNothingMoreEvenWhenTheMinistryApproves() throws Exception {
        String code = TestEvents.newDossierCode();
        MINISTRIES.holdResultOf(code);
        api.postEvent(TestEvents.birthEvent(code, 1, 2));
        await().atMost(CHAIN).until(() -> MINISTRIES.acceptedFor(code).size() == 1);

        api.postEvent(TestEvents.birthEvent(code, 2, 8));

        await().atMost(CHAIN).until(() -> ledgerState(code).equals("STOPPED"));
        assertThat(jdbc.queryForObject("select end_reason from ministry_chain where dossier_code = ?", String.class, code))
                .contains("status 8");
    }

    @Test
    void aMinistryDownForAWhileHoldsOnlyItsOwnPackagesAndEveryChainCompletesOnceWhenItReturns() throws Exception {
        MINISTRIES.down("000.00.00.G10", true);
        List<String> codes = List.of(TestEvents.newDossierCode(), TestEvents.newDossierCode(), TestEvents.newDossierCode());
        codes.forEach(code -> api.postEvent(TestEvents.birthEvent(code, 1, 2)));
        await().atMost(CHAIN).until(() -> codes.stream().allMatch(code -> MINISTRIES.acceptedFor(code).size() == 1
                && packagesOf(code) == 2));
        // While G10 is down, other dossiers reach the portal and G12 as usual.
        String other = TestEvents.newDossierCode();
        api.postEvent(TestEvents.birthEvent(other, 1, 2));
        await().atMost(CHAIN).until(() -> MINISTRIES.acceptedFor(other).size() == 1 && PORTAL.progressStatuses(other).size() == 1);
        Thread.sleep(2000);
        assertThat(codes).allSatisfy(code -> assertThat(ledgerState(code)).isEqualTo("RUNNING"));

        MINISTRIES.down("000.00.00.G10", false);

        await().atMost(CHAIN).until(() -> codes.stream().allMatch(code -> ledgerState(code).equals("COMPLETED")));
        for (String code : codes) {
            // One package per ministry: each sent with its first bytes however often it was tried.
            assertThat(MINISTRIES.acceptedFor(code)).extracting(SandboxMinistries.Accepted::agency)
                    .containsExactly("000.00.00.G12", "000.00.00.G10", "000.00.00.G20");
            assertThat(api.parkedOf(code)).isEmpty();
            assertThat(MINISTRIES.problemsOf(code)).isEmpty();
        }
    }

    @Test
    void aPackageTheMinistryRefusesIsParkedWithItsFaultCodeAndAReplaySendsTheSameSignedBytes() {
        String code = TestEvents.newDossierCode();
        MINISTRIES.refuseNext("000.00.00.G12", "document.mismatch");
        api.postEvent(TestEvents.birthEvent(code, 1, 2));

        await().atMost(CHAIN).until(() -> !api.parkedOf(code).isEmpty());
        var parked = api.parkedOf(code).get(0);
        assertThat(parked.path("reasonCode").asText()).isEqualTo("document.mismatch");
        assertThat(parked.path("peer").asText()).isEqualTo("ministry-000.00.00.G12");
        byte[] signed = jdbc.queryForObject("select signed_package from ministry_package where dossier_code = ? "
                + "and step_no = 1", byte[].class, code);

        assertThat(api.operator("POST", "/api/v1/parked/" + parked.path("id").asLong() + "/replay").status()).isEqualTo(200);

        await().atMost(CHAIN).until(() -> ledgerState(code).equals("COMPLETED"));
        assertThat(MINISTRIES.acceptedFor(code).get(0).digest()).isEqualTo(TestEvents.sha256(signed));
    }

    @Test
    void aStepPastItsDueTimeIsShownOverdueAndCounted() {
        String code = TestEvents.newDossierCode();
        MINISTRIES.holdResultOf(code);
        api.postEvent(TestEvents.birthEvent(code, 1, 2));
        await().atMost(CHAIN).until(() -> kinds(code).stream().filter(k -> k.equals("MINISTRY_STATUS")).count() == 2);
        JsonNode step = api.operatorGet("/api/v1/dossiers/" + code).body().path("ministries").path("stepsSent").get(0);
        assertThat(step.path("overdue").asBoolean()).isFalse();
        assertThat(step.path("status").asText()).isEqualTo("PROCESSING");

        // Working days pass without a result (a weekend and a holiday are counted by MinistryChainsTest).
        jdbc.update("update ministry_package set due_at = ? where dossier_code = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1), code);

        step = api.operatorGet("/api/v1/dossiers/" + code).body().path("ministries").path("stepsSent").get(0);
        assertThat(step.path("overdue").asBoolean()).isTrue();
        assertThat(meters.get("lgsp.ministry.steps.overdue").gauge().value()).isGreaterThanOrEqualTo(1);
    }

    private int packagesOf(String code) {
        return count("select count(*) from ministry_package where dossier_code = ?", code);
    }

    private String ledgerState(String code) {
        return jdbc.queryForList("select state from ministry_chain where dossier_code = ?", String.class, code)
                .stream().findFirst().orElse("");
    }

    private List<String> kinds(String code) {
        return ONESTOP.of(code).stream().map(SandboxCallbackReceiver.Received::kind).toList();
    }
}
