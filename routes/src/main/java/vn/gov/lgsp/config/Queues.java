package vn.gov.lgsp.config;

/** Names of our persistent queues: every hop between flows is one of these. */
public final class Queues {

    /** Dossier processing steps on their way to the national portal, grouped by dossier code. */
    public static final String PORTAL_STATUS = "dossier.status.portal";

    private Queues() {
    }

    /** A Camel endpoint for {@code queue} on the middleware's broker. */
    public static String jms(String queue) {
        return "jms:queue:" + queue;
    }
}
