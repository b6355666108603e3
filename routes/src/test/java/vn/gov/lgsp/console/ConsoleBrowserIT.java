package vn.gov.lgsp.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.TestEvents;

/** The operations console in a real headless Chromium, as an IT department uses it. Screenshots: target/screenshots. */
class ConsoleBrowserIT extends MiddlewareTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    static final String XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    private Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void operatorFindsADossierAndReadsItsTimelineWithHostileTextShownAsText() {
        String code = TestEvents.newDossierCode();
        for (int sequence = 1; sequence <= 2; sequence++) {
            ObjectNode event = TestEvents.event(code, sequence, sequence == 1 ? 2 : 4);
            ((ObjectNode) event.path("dossier").path("applicant")).put("fullName", "Nguyễn Văn A " + XSS);
            ((ObjectNode) event.path("dossier")).put("summary", "Trích yếu " + XSS);
            api.postEvent(event);
        }
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 2);

        browser.logIn("sandbox-operator", OnestopApi.OPERATOR_KEY);
        browser.find("#q-code").sendKeys(code);
        browser.find("#q-submit").click();
        // The list before the search shows the latest dossiers: wait for the one the search found.
        List<WebElement> links = new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#dossiers a.dossier-link"));
            return found.size() == 1 && found.get(0).getText().equals(code) ? found : null;
        });
        assertThat(browser.text("#dossiers")).contains("Nguyễn Văn A " + XSS).contains("********");
        browser.screenshot("console-dossier-search");

        links.get(0).click();
        assertThat(browser.text("#dossier-code")).isEqualTo(code);
        assertThat(browser.text("#applicant-name")).isEqualTo("Nguyễn Văn A " + XSS);
        assertThat(browser.text("#dossier-summary")).isEqualTo("Trích yếu " + XSS);
        assertThat(browser.driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
        assertThat(browser.text("#chain-check")).isEqualTo("Chuỗi băm toàn vẹn.");
        String timeline = browser.text("#timeline");
        assertThat(timeline).contains("onestop").contains("dossier-event").contains("portal").contains("ACCEPTED");
        assertThat(browser.text("#section-peers")).contains("portal");
        assertThat(browser.driver.findElements(By.cssSelector("#events a.download"))).hasSize(2);
        browser.screenshot("console-dossier-timeline");

        browser.go("/console/dossiers/" + code + "?lang=en");
        assertThat(browser.text("#chain-check")).isEqualTo("Hash chain intact.");
        browser.screenshot("console-dossier-timeline-en");
    }

    @Test
    void operatorReplaysAParkedMessageAndSeesItDelivered() {
        String code = TestEvents.newDossierCode();
        PORTAL.refuseDossier(code, "TrichYeuHoSo chứa nội dung không hợp lệ");
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> api.parkedOf(code).size() == 1);
        long id = api.parkedOf(code).get(0).path("id").asLong();
        PORTAL.acceptDossier(code);

        browser.logIn("sandbox-operator", OnestopApi.OPERATOR_KEY);
        browser.go("/console/parked?peer=portal");
        assertThat(browser.text("#parked-" + id)).contains(code).contains("portal.rejected").contains("OPEN");
        browser.find("#select-" + id).click();
        browser.find("#replay-comment").sendKeys("cổng đã sửa dữ liệu");
        browser.screenshot("console-parked-before-replay");
        browser.find("#replay-selected").click();

        assertThat(browser.text("#replayed")).contains(String.valueOf(id));
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 1);
        browser.go("/console/parked/" + id);
        assertThat(browser.text("#state")).isEqualTo("REPLAYED");
        assertThat(browser.text("table.audit")).contains("operator:sandbox-operator").contains("REPLAY")
                .contains("cổng đã sửa dữ liệu").contains("DONE");
        browser.go("/console/dossiers/" + code);
        assertThat(browser.text("#timeline")).contains("portal");
        browser.screenshot("console-parked-replayed");
    }

    @Test
    void operatorDiscardsWithACommentAndTheAuditShowsWhoAndWhy() {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        api.postEvent(TestEvents.event(code, 2, 10));
        api.postEvent(TestEvents.event(code, 3, 4));
        await().atMost(DELIVERY).until(() -> api.parkedOf(code).size() == 1);
        long id = api.parkedOf(code).get(0).path("id").asLong();

        browser.logIn("sandbox-operator", OnestopApi.OPERATOR_KEY);
        browser.go("/console/parked/" + id);
        assertThat(browser.text("pre.payload")).contains(code);
        browser.find("#discard-comment").sendKeys("bước trả kết quả gửi nhầm, một cửa đã gửi lại");
        browser.find("#discard").click();

        assertThat(browser.text("#discarded")).isNotBlank();
        assertThat(browser.text("#state")).isEqualTo("DISCARDED");
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 2);
        assertThat(PORTAL.progressStatuses(code)).containsExactly(2, 4);
        browser.go("/console/parked?state=ALL");
        assertThat(browser.text("table.audit")).contains("DISCARD").contains("bước trả kết quả gửi nhầm, một cửa đã gửi lại")
                .contains("operator:sandbox-operator");
        browser.screenshot("console-parked-discarded");
    }

    @Test
    void viewerSeesParkedMessagesButCannotChangeThem() throws Exception {
        String code = TestEvents.newDossierCode();
        PORTAL.refuseDossier(code, "Thiếu thông tin");
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> api.parkedOf(code).size() == 1);
        long id = api.parkedOf(code).get(0).path("id").asLong();

        browser.logIn("sandbox-viewer", OnestopApi.VIEWER_KEY);
        browser.go("/console/parked/" + id);
        assertThat(browser.driver.findElements(By.id("discard"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("pre.payload"))).isEmpty();
        browser.go("/console/parked");
        assertThat(browser.driver.findElements(By.id("replay-selected"))).isEmpty();
        browser.screenshot("console-parked-viewer");

        HttpResponse<String> payload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/console/parked/" + id + "/payload"))
                .header("Cookie", browser.sessionCookie()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(payload.statusCode()).isEqualTo(403);
        PORTAL.acceptDossier(code);
    }

    @Test
    void scorecardShowsTodaysDossiersWithAChartAndExportsCsv() throws Exception {
        String code = TestEvents.newDossierCode();
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(DELIVERY).until(() -> PORTAL.progressStatuses(code).size() == 1);
        String agency = code.substring(0, code.indexOf('-'));

        browser.logIn("sandbox-viewer", OnestopApi.VIEWER_KEY);
        browser.go("/console/scorecard?lang=en");
        assertThat(browser.text("#scorecard")).contains(agency);
        assertThat(browser.driver.findElements(By.cssSelector("#scorecard-chart rect"))).hasSize(30 * 3);
        browser.screenshot("console-scorecard");

        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/console/scorecard.csv?days=30&agency=" + agency))
                .header("Cookie", browser.sessionCookie()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("\uFEFFday,agency,received,synchronised,completeness_percent,on_time,late,"
                + "overdue_open,overdue_ministry_steps");
        assertThat(lines).anyMatch(l -> l.contains("," + agency + ","));

        browser.go("/console/peers");
        assertThat(browser.text("#peer-portal")).contains("CLOSED");
        browser.screenshot("console-peers");
        browser.go("/console/camel?view=route");
        assertThat(browser.text("#camel-console")).contains("portal-delivery");
        browser.screenshot("console-camel");
    }
}
