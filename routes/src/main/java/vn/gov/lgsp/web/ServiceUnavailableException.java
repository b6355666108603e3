package vn.gov.lgsp.web;

/** The middleware could not make the request durable (broker or database down); answered 503, try again. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
