package vn.gov.lgsp.adapters.error;

/** The peer refused the message for good (validation, business rule): sending it again changes nothing. */
public class PeerRejectedException extends PeerException {

    public PeerRejectedException(String code, String peerReason) {
        super(code, peerReason, null);
    }
}
