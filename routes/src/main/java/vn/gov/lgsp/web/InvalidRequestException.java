package vn.gov.lgsp.web;

/** A request that is well formed JSON but says something we cannot accept; answered 400 naming the field. */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
