package vn.gov.lgsp.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console as a plain HTTP client sees it: its own cookies, redirects not followed, forms posted by hand. */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    private final String base;

    ConsoleSession(int port) {
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = "http://127.0.0.1:" + port;
    }

    /** Logs in; true when the console took the key. */
    boolean logIn(String user, String key) {
        HttpResponse<String> answer = post("/console/login", "username=" + encode(user) + "&password=" + encode(key)
                + "&_csrf=" + encode(csrfToken()));
        return answer.statusCode() == 302 && !answer.headers().firstValue("Location").orElse("").contains("error");
    }

    /** The CSRF token the console's forms carry for this session. */
    String csrfToken() {
        Matcher m = CSRF.matcher(get("/console/login").body());
        if (!m.find()) {
            throw new IllegalStateException("the login page has no CSRF token");
        }
        return m.group(1);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
