package vn.gov.lgsp.web;

/** The request contradicts what was accepted before (answered 409); nothing was changed. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
