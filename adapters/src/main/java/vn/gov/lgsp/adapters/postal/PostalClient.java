package vn.gov.lgsp.adapters.postal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.HttpFailures;
import vn.gov.lgsp.adapters.error.MalformedMessageException;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.model.PostalOrder;
import vn.gov.lgsp.adapters.model.ShipmentReport;
import vn.gov.lgsp.adapters.tracing.TraceContext;

/**
 * Talks to the public postal service (DOMAIN 8): orders, cancellations and tracking pulls, each carrying an OAuth2
 * client-credentials token that is shared by all callers, renewed before it expires and once after a 401, never
 * fetched per call. Failures come out classified like every adapter's; a {@code Status} other than "100" is a
 * {@link PostalRefusedException}. Every HTTP call goes through the operator's {@link CallGuard}.
 */
public class PostalClient {

    public static final String PEER = "postal";
    static final String SUCCESS = "100";

    private static final Logger log = LoggerFactory.getLogger(PostalClient.class);

    private final PostalProperties properties;
    private final ObjectMapper json;
    private final PeerExchange.Journal journal;
    private final CallGuard guard;
    private final Clock clock;
    private final HttpClient http;
    private final Object tokenLock = new Object();
    private volatile Token token;

    private record Token(String value, Instant renewAt) {
    }

    public PostalClient(PostalProperties properties, ObjectMapper json, PeerExchange.Journal journal, CallGuard guard,
                        Clock clock) {
        this.properties = properties;
        this.json = json;
        this.journal = journal;
        this.guard = guard;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    }

    /**
     * Places the order; returns the shipment's item code. Not repeatable: a second call would be a second shipment,
     * so whoever is unsure whether an earlier call went through asks {@link #track} first.
     */
    public String order(PostalOrder order) {
        JsonNode answer = call("orders", PostalWire.order(json, properties.customerCode(), order), false, "order "
                + order.serviceType(), order.dossierCode());
        String itemCode = answer.path("ItemCode").asText("");
        if (!itemCode.matches(PostalWire.ITEM_CODE)) {
            throw new PeerTransientException("postal.bad-answer", "the operator accepted order " + order.serviceType()
                    + " of " + order.dossierCode() + " without a valid ItemCode: '" + itemCode + "'", null, true);
        }
        return itemCode;
    }

    /** Cancels the shipment; repeating it is harmless. */
    public void cancel(String dossierCode, String itemCode) {
        call("orders/" + URLEncoder.encode(itemCode, StandardCharsets.UTF_8) + "/cancel", json.createObjectNode(), true,
                "cancel " + itemCode, dossierCode);
    }

    /** The whole tracking history of every shipment under the order number (the dossier code), in time order. */
    public List<ShipmentReport> track(String dossierCode) {
        ObjectNode body = json.createObjectNode().put("orderNumber", dossierCode);
        JsonNode answer = call("tracking", body, true, "tracking", dossierCode);
        List<ShipmentReport> reports = new ArrayList<>();
        for (JsonNode item : answer.path("Items")) {
            try {
                reports.add(PostalWire.report(item, dossierCode));
            } catch (MalformedMessageException e) {
                log.warn("Postal tracking of {}: an item the operator sent is unreadable and was left out: {} ({})",
                        dossierCode, e.getMessage(), e.field());
            }
        }
        reports.sort(Comparator.comparing(ShipmentReport::statusTime));
        return reports;
    }

    private JsonNode call(String path, ObjectNode body, boolean repeatable, String operation, String dossierCode) {
        byte[] payload = write(body);
        return guard.call(repeatable, () -> {
            for (int attempt = 1; ; attempt++) {
                String bearer = token();
                HttpResponse<byte[]> response = send(TraceContext.propagate(HttpRequest.newBuilder(endpoint(path)))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("Authorization", "Bearer " + bearer)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload)), payload, operation, dossierCode);
                if (response.statusCode() == 401 && attempt == 1) {
                    // The operator no longer takes our token (revoked, or its clock runs ahead): one fresh login.
                    log.info("Postal operator refused our token on {}; renewing it once", operation);
                    forget(bearer);
                    continue;
                }
                return answer(response, payload, operation, dossierCode);
            }
        });
    }

    /** The current token, renewed when it is within {@code token-renew-before} of expiring. */
    private String token() {
        Token current = token;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return current.value();
        }
        synchronized (tokenLock) {
            current = token;
            if (current == null || !clock.instant().isBefore(current.renewAt())) {
                token = current = login();
            }
            return current.value();
        }
    }

    private void forget(String bearer) {
        synchronized (tokenLock) {
            if (token != null && token.value().equals(bearer)) {
                token = null;
            }
        }
    }

    private Token login() {
        String credentials = Base64.getEncoder().encodeToString((properties.clientId() + ":" + properties.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        byte[] form = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
        Instant asked = clock.instant();
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(endpoint("token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + credentials)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)), form, "token", null);
        if (response.statusCode() != 200) {
            // Wrong credentials are an operator's fix: orders wait in the queue rather than being parked.
            classifyFailure(response.statusCode(), "token");
            throw new PeerTransientException("postal.login-failed", "postal token request answered HTTP "
                    + response.statusCode());
        }
        JsonNode answer = read(response.body(), "token");
        String value = answer.path("access_token").asText("");
        long expiresIn = answer.path("expires_in").asLong(0);
        if (value.isEmpty() || expiresIn <= 0 || !"bearer".equalsIgnoreCase(answer.path("token_type").asText())) {
            throw new PeerTransientException("postal.login-failed", "postal token answer lacks a bearer access_token "
                    + "with expires_in");
        }
        // Renew before expiry, but never sooner than half its life: a short-lived token is still used.
        long renewBefore = Math.min(properties.tokenRenewBefore().toSeconds(), expiresIn / 2);
        return new Token(value, asked.plusSeconds(expiresIn - renewBefore));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, byte[] payload, String operation, String dossierCode) {
        try {
            return http.send(request.timeout(properties.requestTimeout()).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            record(dossierCode, operation, payload, "FAILED", e.toString());
            throw HttpFailures.unreachable(PEER, operation, e);
        } catch (InterruptedException e) {
            throw HttpFailures.interrupted(PEER);
        }
    }

    private JsonNode answer(HttpResponse<byte[]> response, byte[] payload, String operation, String dossierCode) {
        int status = response.statusCode();
        if (status != 200) {
            record(dossierCode, operation, payload, "FAILED", "HTTP " + status);
            classifyFailure(status, operation);
            throw new PeerTransientException("postal.unauthorized", "postal " + operation + " answered HTTP " + status);
        }
        JsonNode answer = read(response.body(), operation);
        String code = answer.path("Status").asText("");
        String message = answer.path("Message").asText("");
        if (!code.equals(SUCCESS)) {
            record(dossierCode, operation, payload, "REJECTED", "Status " + code + ": " + message);
            throw new PostalRefusedException(operation, code.isEmpty() ? "none" : code, message);
        }
        record(dossierCode, operation, payload, "OK", answer.has("ItemCode") ? "ItemCode " + answer.path("ItemCode").asText()
                : "Status " + code);
        return answer;
    }

    /** Throws for every HTTP status but 200 and 401 (the caller's matter): all are transient at this operator. */
    private static void classifyFailure(int status, String operation) {
        if (HttpFailures.isUnavailable(status)) {
            throw HttpFailures.unavailable(PEER, operation, status);
        }
        if (!Set.of(401, 403).contains(status)) {
            // The contract answers every refusal with 200 and a Status: another code is the operator's gateway or a bug.
            throw new PeerTransientException("postal.bad-answer", "postal " + operation + " answered HTTP " + status);
        }
    }

    private JsonNode read(byte[] body, String operation) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new PeerTransientException("postal.bad-answer", "postal " + operation + " answered with no JSON", e, true);
        }
    }

    private byte[] write(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a postal request", e);
        }
    }

    private URI endpoint(String path) {
        return HttpFailures.endpoint(properties.baseUrl(), path);
    }

    private void record(String dossierCode, String operation, byte[] payload, String outcome, String detail) {
        if (dossierCode != null) {
            journal.record(new PeerExchange(PEER, PeerExchange.Direction.OUT, dossierCode, operation, payload, outcome, detail));
        }
    }
}
