package vn.gov.lgsp.parking;

/** What parking, replaying and discarding mean for one peer's delivery flow. */
public interface ParkingFlow {

    /** The peer whose parked messages this flow handles. */
    String peer();

    /** Parks the dossier's next step after its delivery kept failing, with the last failure. */
    void parkFailing(String dossierCode, String reasonCode, String reason);

    /** Puts a parked message back on its way. */
    void replay(ParkedMessage message);

    /** Gives a parked message up, so that what waits behind it can go on. */
    void discard(ParkedMessage message);
}
