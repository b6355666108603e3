package vn.gov.lgsp.adapters.error;

/** The peer could not be reached or answered with a temporary failure (I/O, time-out, 5xx, 429): try again later. */
public class PeerTransientException extends PeerException {

    public PeerTransientException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    public PeerTransientException(String code, String message) {
        this(code, message, null);
    }
}
