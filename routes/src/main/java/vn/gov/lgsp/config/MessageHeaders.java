package vn.gov.lgsp.config;

/** Message properties the broker acts on, and ours. */
public final class MessageHeaders {

    /** Artemis message groups: one dossier's messages go to one consumer at a time, in order. Holds the dossier code. */
    public static final String GROUP_ID = "JMSXGroupID";
    /** Artemis duplicate detection: a second message with the same id is dropped by the broker. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** How many times the broker has delivered this message (1 on the first delivery). */
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    /** The peers of the flows a dossier event concerns, {@code ,portal,payment,}: the broker routes on it. */
    public static final String FLOWS = "lgspFlows";

    private MessageHeaders() {
    }
}
