package vn.gov.lgsp.web;

import org.springframework.http.HttpStatus;

/**
 * A partner's request refused for a reason the partner must see precisely (a wrong signature, a record that is not
 * its own, a body that is not JSON, a record we cannot take yet): answered as a problem of {@code type}, and recorded.
 */
public class RefusedRequestException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final int retryAfterSeconds;

    public RefusedRequestException(HttpStatus status, String type, String detail) {
        this(status, type, detail, 0);
    }

    /** @param retryAfterSeconds when the partner should try again (a 503), or 0 */
    public RefusedRequestException(HttpStatus status, String type, String detail, int retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }
}
