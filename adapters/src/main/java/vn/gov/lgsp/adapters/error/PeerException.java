package vn.gov.lgsp.adapters.error;

/** A peer call that did not succeed, with a stable hierarchical code. */
public abstract class PeerException extends RuntimeException {

    private final String code;

    protected PeerException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
