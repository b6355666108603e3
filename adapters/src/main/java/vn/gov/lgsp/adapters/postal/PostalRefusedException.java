package vn.gov.lgsp.adapters.postal;

import vn.gov.lgsp.adapters.error.PeerRejectedException;

/** The postal operator answered with a {@code Status} other than "100": a refusal for good, with its {@code Message}. */
public class PostalRefusedException extends PeerRejectedException {

    private final String status;
    private final String operatorMessage;

    public PostalRefusedException(String operation, String status, String message) {
        super(PostalClient.PEER + ".rejected." + status, operation + " refused with Status " + status + ": " + message);
        this.status = status;
        this.operatorMessage = message;
    }

    public String status() {
        return status;
    }

    /** The operator's own words, without our prefix. */
    public String operatorMessage() {
        return operatorMessage;
    }
}
