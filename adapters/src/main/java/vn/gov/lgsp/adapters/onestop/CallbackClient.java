package vn.gov.lgsp.adapters.onestop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.HttpFailures;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.signature.Hmac;
import vn.gov.lgsp.adapters.tracing.TraceContext;

/**
 * Posts callbacks to one-stop instances. Every answer but a 2xx, a time-out or a refused connection is a transient
 * failure: the receiver drops repeats by {@code callbackId}, so a callback is simply sent again later.
 */
public class CallbackClient {

    public static final String PEER = "callbacks";
    public static final String SIGNATURE_HEADER = "X-Signature";

    private final ObjectMapper json;
    private final PeerExchange.Journal journal;
    private final CallGuard guard;
    private final Duration timeout;
    private final HttpClient http;

    public CallbackClient(ObjectMapper json, PeerExchange.Journal journal, CallGuard guard, Duration connectTimeout,
                          Duration timeout) {
        this.json = json;
        this.journal = journal;
        this.guard = guard;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** Posts the callback to {@code url}, signed with {@code key}; returns once the receiver acknowledged it. */
    public void deliver(URI url, String key, Callback callback) {
        byte[] body = body(callback);
        HttpRequest request = TraceContext.propagate(HttpRequest.newBuilder(url))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(SIGNATURE_HEADER, Hmac.sign(key, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String operation = "callback " + callback.kind();
        // The receiver drops a repeat by its callbackId.
        guard.call(true, () -> {
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                record(callback, operation, body, "FAILED", e.toString());
                throw HttpFailures.unreachable(PEER, "callback to " + url, e);
            } catch (InterruptedException e) {
                throw HttpFailures.interrupted(PEER);
            }
            if (status / 100 != 2) {
                record(callback, operation, body, "FAILED", "HTTP " + status);
                throw new PeerTransientException("callbacks.refused", "callback to " + url + " answered HTTP " + status,
                        null, true);
            }
            record(callback, operation, body, "OK", "HTTP " + status + ", callback " + callback.callbackId());
            return null;
        });
    }

    /** The raw body as the receiver signs and reads it (DOMAIN 4.1). */
    byte[] body(Callback callback) {
        ObjectNode body = json.createObjectNode();
        body.put("callbackId", callback.callbackId());
        body.put("dossierCode", callback.dossierCode());
        body.put("kind", callback.kind().name());
        body.put("occurredAt", callback.occurredAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        body.set("data", json.valueToTree(callback.data()));
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise callback " + callback.callbackId(), e);
        }
    }

    private void record(Callback callback, String operation, byte[] payload, String outcome, String detail) {
        journal.record(new PeerExchange(PEER, PeerExchange.Direction.OUT, callback.dossierCode(), operation, payload,
                outcome, detail));
    }
}
