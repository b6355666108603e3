package vn.gov.lgsp.adapters.ministry;

/**
 * A message of the inter-agency exchange refused with one of the fault codes of DOMAIN 6. A refusal the sender can
 * cure only by sending something else is a SOAP {@code Client} fault; the receiver's own trouble (and a revocation
 * status nobody could tell) is a {@code Server} fault, which the sender tries again with the same bytes.
 */
public class InterAgencyRefusal extends RuntimeException {

    public static final String PACKAGE_MALFORMED = "package.malformed";
    public static final String TOO_LARGE = "too-large";
    public static final String SIGNATURE_MISSING = "signature.missing";
    public static final String SIGNATURE_INVALID = "signature.invalid";
    public static final String CERTIFICATE_UNTRUSTED = "certificate.untrusted";
    public static final String CERTIFICATE_EXPIRED = "certificate.expired";
    public static final String CERTIFICATE_REVOKED = "certificate.revoked";
    public static final String CERTIFICATE_KEY_USAGE = "certificate.key-usage";
    public static final String CERTIFICATE_REVOCATION_UNKNOWN = "certificate.revocation-unknown";
    public static final String RECEIVER_WRONG = "receiver.wrong";
    public static final String SENDER_MISMATCH = "sender.mismatch";
    public static final String REPLY_UNKNOWN = "reply.unknown";
    public static final String DOCUMENT_MISMATCH = "document.mismatch";
    public static final String MESSAGE_CONFLICT = "message.conflict";
    /** The receiver's own trouble. */
    public static final String SERVER_ERROR = "server.error";

    private final String code;

    public InterAgencyRefusal(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether the sender should try again with the same bytes (a SOAP {@code Server} fault). */
    public boolean retryable() {
        return SERVER_ERROR.equals(code) || CERTIFICATE_REVOCATION_UNKNOWN.equals(code);
    }
}
