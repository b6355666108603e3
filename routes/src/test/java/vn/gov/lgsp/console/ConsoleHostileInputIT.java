package vn.gov.lgsp.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.support.MiddlewareTest;
import vn.gov.lgsp.support.OnestopApi;
import vn.gov.lgsp.support.TestEvents;

/**
 * The console's part of the hostile-input corpus: nobody changes anything without logging in, a viewer never, and
 * nobody without the page's CSRF token; malformed parameters get a precise 4xx page; what a caller typed (or a
 * one-stop system sent) is never reflected as markup. Every refusal is recorded; nothing parked changes.
 */
class ConsoleHostileInputIT extends MiddlewareTest {

    private static final String XSS = ConsoleBrowserIT.XSS;

    /** One hostile request, who sends it, and the status it must get. */
    record Case(String name, Supplier<HttpResponse<String>> request, int status) {
    }

    @Test
    void everyHostileConsoleRequestIsRefusedAndRecordedAndChangesNothing() {
        String code = TestEvents.newDossierCode();
        PORTAL.refuseDossier(code, "Thiếu thông tin");
        api.postEvent(TestEvents.event(code, 1, 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.parkedOf(code).size() == 1);
        long id = api.parkedOf(code).get(0).path("id").asLong();

        ConsoleSession anonymous = new ConsoleSession(port);
        ConsoleSession viewer = new ConsoleSession(port);
        assertThat(viewer.logIn("sandbox-viewer", OnestopApi.VIEWER_KEY)).isTrue();
        String viewerToken = viewer.csrfToken();
        ConsoleSession operator = new ConsoleSession(port);
        assertThat(operator.logIn("sandbox-operator", OnestopApi.OPERATOR_KEY)).isTrue();
        String token = operator.csrfToken();
        String xss = ConsoleSession.encode(XSS);
        // A path segment with an encoded slash is refused by the servlet container itself, before any code of ours.
        String xssInPath = ConsoleSession.encode("<img src=x onerror=alert(1)>");
        int rejectionsBefore = count("select count(*) from inbound_rejection");

        List<Case> corpus = new ArrayList<>();
        corpus.add(new Case("login wrong key", () -> anonymous.post("/console/login",
                "username=sandbox-operator&password=wrong-key-0000000&_csrf=" + ConsoleSession.encode(anonymous.csrfToken())), 302));
        corpus.add(new Case("login without csrf", () -> anonymous.post("/console/login",
                "username=sandbox-operator&password=" + OnestopApi.OPERATOR_KEY), 403));
        corpus.add(new Case("login with another session's csrf", () -> new ConsoleSession(port).post("/console/login",
                "username=sandbox-operator&password=" + OnestopApi.OPERATOR_KEY + "&_csrf=" + ConsoleSession.encode(token)), 403));
        corpus.add(new Case("login unknown user", () -> anonymous.post("/console/login",
                "username=" + xss + "&password=x&_csrf=" + ConsoleSession.encode(anonymous.csrfToken())), 302));
        corpus.add(new Case("replay unauthenticated", () -> anonymous.post("/console/parked/replay", "id=" + id), 403));
        corpus.add(new Case("replay unauthenticated with a token", () -> anonymous.post("/console/parked/replay",
                "id=" + id + "&_csrf=" + ConsoleSession.encode(anonymous.csrfToken())), 302));
        corpus.add(new Case("discard unauthenticated", () -> anonymous.post("/console/parked/" + id + "/discard",
                "comment=x"), 403));
        corpus.add(new Case("replay as viewer", () -> viewer.post("/console/parked/replay",
                "id=" + id + "&_csrf=" + ConsoleSession.encode(viewerToken)), 403));
        corpus.add(new Case("discard as viewer", () -> viewer.post("/console/parked/" + id + "/discard",
                "comment=x&_csrf=" + ConsoleSession.encode(viewerToken)), 403));
        corpus.add(new Case("payload as viewer", () -> viewer.get("/console/parked/" + id + "/payload"), 403));
        corpus.add(new Case("event payload as viewer", () -> viewer.get("/console/dossiers/" + code + "/events/1/payload"), 403));
        corpus.add(new Case("replay without csrf", () -> operator.post("/console/parked/replay", "id=" + id), 403));
        corpus.add(new Case("replay with a forged csrf", () -> operator.post("/console/parked/replay",
                "id=" + id + "&_csrf=forged-token"), 403));
        corpus.add(new Case("replay with the viewer's csrf", () -> operator.post("/console/parked/replay",
                "id=" + id + "&_csrf=" + ConsoleSession.encode(viewerToken)), 403));
        corpus.add(new Case("discard comment too long", () -> operator.post("/console/parked/" + id + "/discard",
                "comment=" + "x".repeat(2001) + "&_csrf=" + ConsoleSession.encode(token)), 400));
        corpus.add(new Case("replay id not a number", () -> operator.post("/console/parked/replay",
                "id=" + xss + "&_csrf=" + ConsoleSession.encode(token)), 400));
        corpus.add(new Case("discard unknown", () -> operator.post("/console/parked/987654321/discard",
                "comment=x&_csrf=" + ConsoleSession.encode(token)), 404));
        corpus.add(new Case("search xss code", () -> operator.get("/console/dossiers?code=" + xss), 400));
        corpus.add(new Case("search xss procedure", () -> operator.get("/console/dossiers?procedure=" + xss), 400));
        corpus.add(new Case("search xss agency", () -> operator.get("/console/dossiers?agency=" + xss), 400));
        corpus.add(new Case("search bad status", () -> operator.get("/console/dossiers?status=11"), 400));
        corpus.add(new Case("search bad date", () -> operator.get("/console/dossiers?from=2026-13-45"), 400));
        corpus.add(new Case("search bad applicant id", () -> operator.post("/console/dossiers",
                "applicantId=" + xss + "&_csrf=" + ConsoleSession.encode(token)), 400));
        corpus.add(new Case("search without csrf", () -> operator.post("/console/dossiers", "code=000"), 403));
        corpus.add(new Case("dossier bad code", () -> operator.get("/console/dossiers/" + xssInPath), 400));
        corpus.add(new Case("dossier unknown", () -> operator.get("/console/dossiers/000.00.12.H56-261120-9998"), 404));
        corpus.add(new Case("parked id text", () -> operator.get("/console/parked/" + xssInPath), 400));
        corpus.add(new Case("parked unknown", () -> operator.get("/console/parked/987654321"), 404));
        corpus.add(new Case("parked bad state", () -> operator.get("/console/parked?state=" + xss), 400));
        corpus.add(new Case("parked bad reason", () -> operator.get("/console/parked?reason=" + xss), 400));
        corpus.add(new Case("parked unknown peer", () -> operator.get("/console/parked?peer=nobody"), 400));
        corpus.add(new Case("scorecard days zero", () -> operator.get("/console/scorecard?days=0"), 400));
        corpus.add(new Case("scorecard days text", () -> operator.get("/console/scorecard?days=" + xss), 400));
        corpus.add(new Case("scorecard bad agency", () -> operator.get("/console/scorecard.csv?agency=" + xss), 400));
        corpus.add(new Case("camel console that sends", () -> operator.get("/console/camel?view=send"), 404));
        corpus.add(new Case("camel console with properties", () -> operator.get("/console/camel?view=properties"), 404));
        int refusalsRecorded = (int) corpus.stream().filter(c -> c.status() != 302 || c.name().startsWith("login")).count();

        List<String> wrong = new ArrayList<>();
        for (Case c : corpus) {
            HttpResponse<String> answer = c.request().get();
            if (answer.statusCode() != c.status()) {
                wrong.add(c.name() + ": expected " + c.status() + ", got " + answer.statusCode() + " "
                        + answer.headers().firstValue("Location").orElse(""));
            }
            if (answer.body().contains("<img src=x") || answer.body().contains("<script>alert")) {
                wrong.add(c.name() + ": reflects the hostile text as markup");
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(api.parkedOf(code)).hasSize(1);
        assertThat(count("select count(*) from operator_action where parked_id = ?", id)).isZero();
        // The unauthenticated replay with a token is sent to the login page, not recorded; every other refusal is.
        assertThat(count("select count(*) from inbound_rejection")).isGreaterThanOrEqualTo(rejectionsBefore + refusalsRecorded);
        PORTAL.acceptDossier(code);
    }

    @Test
    void pagesNeedALoginAndAnAPIKeyInTheURLOpensNothing() {
        ConsoleSession anonymous = new ConsoleSession(port);
        for (String path : List.of("/console", "/console/dossiers", "/console/parked", "/console/peers", "/console/scorecard",
                "/console/scorecard.csv", "/console/camel", "/console/dossiers?X-API-Key=" + OnestopApi.OPERATOR_KEY,
                "/console/parked?password=" + OnestopApi.OPERATOR_KEY + "&username=sandbox-operator")) {
            HttpResponse<String> answer = anonymous.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElse("")).as(path).endsWith("/console/login");
        }
        HttpResponse<String> login = anonymous.get("/console/login");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(login.headers().allValues("Set-Cookie")).allMatch(c -> c.contains("HttpOnly"));
        // The API keeps its own authentication: no session, no redirect.
        assertThat(api.send("GET", "/api/v1/parked", null, null, java.net.http.HttpRequest.BodyPublishers.noBody()).status())
                .isEqualTo(401);
    }

    @Test
    void aSearchWithHostileTextShowsItEscapedAndADossierFieldIsText() {
        ConsoleSession operator = new ConsoleSession(port);
        assertThat(operator.logIn("sandbox-operator", OnestopApi.OPERATOR_KEY)).isTrue();
        HttpResponse<String> search = operator.get("/console/dossiers?code=" + ConsoleSession.encode(XSS));
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(search.body()).contains("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
                .doesNotContain("<img src=x").doesNotContain("<script>alert");

        String code = TestEvents.newDossierCode();
        var event = TestEvents.event(code, 1, 2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("dossier")).put("procedureName", XSS);
        assertThat(api.postEvent(event).status()).isEqualTo(202);
        HttpResponse<String> page = operator.get("/console/dossiers/" + code);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x")
                .doesNotContain("<script>alert");
    }
}
