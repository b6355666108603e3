package vn.gov.lgsp.adapters.error;

/**
 * The peer could not be reached or answered with a temporary failure (I/O, time-out, 5xx, 429): try again later.
 * {@link #peerMayHaveActed()} says whether the peer may have carried the request out although we never saw its
 * answer (a dropped connection, a time-out, an HTTP 500): whoever repeats such a call must first find out, or
 * repeat only what is harmless to repeat. A refused connection or a 503 from the peer's gateway did not reach it.
 */
public class PeerTransientException extends PeerException {

    private final boolean peerMayHaveActed;

    public PeerTransientException(String code, String message, Throwable cause, boolean peerMayHaveActed) {
        super(code, message, cause);
        this.peerMayHaveActed = peerMayHaveActed;
    }

    public PeerTransientException(String code, String message, Throwable cause) {
        this(code, message, cause, false);
    }

    public PeerTransientException(String code, String message) {
        this(code, message, null, false);
    }

    public boolean peerMayHaveActed() {
        return peerMayHaveActed;
    }
}
