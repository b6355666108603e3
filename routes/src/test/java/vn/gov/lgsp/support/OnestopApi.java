package vn.gov.lgsp.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The middleware's HTTP API as a one-stop system or an operator calls it. */
public final class OnestopApi {

    public static final String ONESTOP_KEY = "sandbox-onestop-key-0001";
    public static final String OPERATOR_KEY = "sandbox-operator-key-0001";
    /** The sandbox's console-only account (role VIEWER). */
    public static final String VIEWER_KEY = "sandbox-viewer-key-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public OnestopApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Answer(int status, String contentType, JsonNode body, String text) {
    }

    public Answer postEvent(Object event) {
        try {
            return send("POST", "/api/v1/dossier-events", ONESTOP_KEY, "application/json",
                    HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(event)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Answer send(String method, String path, String apiKey, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return exchange(request);
    }

    /** A partner's notification: JSON signed in {@code X-Signature} (none when null), no API key. */
    public Answer partnerPost(String path, String signature, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        return exchange(request);
    }

    private Answer exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // left null: the test looks at the text
            }
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), json, r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The dossier's open parked messages, as an operator lists them. */
    public List<JsonNode> parkedOf(String dossierCode) {
        List<JsonNode> open = new ArrayList<>();
        operatorGet("/api/v1/parked?dossier=" + dossierCode).body().forEach(open::add);
        return open;
    }

    public Answer operatorGet(String path) {
        return send("GET", path, OPERATOR_KEY, null, HttpRequest.BodyPublishers.noBody());
    }

    public Answer operator(String method, String path) {
        return send(method, path, OPERATOR_KEY, null, HttpRequest.BodyPublishers.noBody());
    }
}
