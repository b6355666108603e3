package vn.gov.lgsp.adapters.error;

/** A message a partner sent us that breaks its contract, naming the field (empty when it is the whole body). */
public class MalformedMessageException extends RuntimeException {

    private final String field;

    public MalformedMessageException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
