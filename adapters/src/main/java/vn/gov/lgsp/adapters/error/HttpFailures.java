package vn.gov.lgsp.adapters.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;

/** How every HTTP peer's failures are classified, the same for each adapter. */
public final class HttpFailures {

    private HttpFailures() {
    }

    /**
     * A call that got no answer. A refused connection or a connect time-out never reached the peer; a dropped
     * connection or a read time-out may have.
     */
    public static PeerTransientException unreachable(String peer, String operation, IOException e) {
        boolean reached = !(e instanceof ConnectException || e instanceof HttpConnectTimeoutException);
        return new PeerTransientException(peer + ".unreachable", peer + " " + operation + ": " + e, e, reached);
    }

    public static PeerTransientException interrupted(String peer) {
        Thread.currentThread().interrupt();
        return new PeerTransientException(peer + ".interrupted", "interrupted while calling " + peer, null);
    }

    /** Whether the answer says the peer is unavailable for now: 5xx, 429 or 408. */
    public static boolean isUnavailable(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    /**
     * The peer is unavailable for now. Gateways answer 502, 503, 504, 429 and 408 without passing the call on; a 500
     * (or another 5xx) comes from the peer itself, which may have acted.
     */
    public static PeerTransientException unavailable(String peer, String operation, int status) {
        return new PeerTransientException(peer + ".unavailable", peer + " " + operation + " answered HTTP " + status,
                null, status == 500 || status > 504);
    }

    /** {@code path} under the peer's configured base URL, whether or not the base ends with a slash. */
    public static URI endpoint(URI base, String path) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
    }
}
