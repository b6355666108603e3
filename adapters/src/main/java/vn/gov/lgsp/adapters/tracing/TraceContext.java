package vn.gov.lgsp.adapters.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) of the span in progress, carried on every call to a
 * peer and on every message handed to another thread, so that one trace runs from the one-stop request through the
 * queue to the peer's answer. With tracing off there is no span in progress and nothing is added.
 */
public final class TraceContext {

    private static final TextMapSetter<HttpRequest.Builder> REQUEST_HEADERS = (request, name, value) -> request.header(name, value);
    private static final TextMapSetter<Map<String, String>> MAP = (map, name, value) -> map.put(name, value);

    private TraceContext() {
    }

    /** Adds the current trace context to a request for a peer. */
    public static HttpRequest.Builder propagate(HttpRequest.Builder request) {
        W3CTraceContextPropagator.getInstance().inject(Context.current(), request, REQUEST_HEADERS);
        return request;
    }

    /** The current trace context as headers; empty with no span in progress. */
    public static Map<String, String> current() {
        Map<String, String> headers = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, MAP);
        return headers;
    }
}
