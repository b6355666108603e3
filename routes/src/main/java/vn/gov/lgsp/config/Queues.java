package vn.gov.lgsp.config;

/** Names of our broker addresses and queues: every hop between flows is one of these. */
public final class Queues {

    /**
     * Where every accepted dossier event is published, once. The broker copies it to the queue of every flow it
     * concerns (diverts filtered on {@link MessageHeaders#FLOWS}); nothing is kept at the address itself.
     */
    public static final String DOSSIER_EVENTS = "dossier.events";
    /** Dossier processing steps on their way to the national portal, grouped by dossier code. */
    public static final String PORTAL = "dossier.status.portal";
    /** Dossier steps that ask for fees to be paid online, grouped by dossier code. */
    public static final String PAYMENT = "dossier.status.payment";
    /** Dossier steps that concern the public postal service (orders, cancellations), grouped by dossier code. */
    public static final String POSTAL = "dossier.status.postal";
    /**
     * Dossier steps that start or stop inter-agency chains, grouped by dossier code. Each ministry then has a queue
     * of its own, {@code ministry.<agency code>}, for the packages decided for it.
     */
    public static final String MINISTRY_CHAINS = "dossier.status.ministries";
    /** Callbacks on their way to the one-stop software, grouped by dossier code. */
    public static final String CALLBACKS = "onestop.callbacks";

    /** The JMS component whose sends are committed on their own (see MessagingConfiguration). */
    static final String COMPONENT_OWN_COMMIT = "jms-own-commit";

    private Queues() {
    }

    /** A Camel endpoint for {@code queue} on the middleware's broker. */
    public static String jms(String queue) {
        return "jms:queue:" + queue;
    }

    /** {@code queue} for a send that is on disk when it returns, whatever transaction the sending thread is in. */
    public static String ownCommit(String queue) {
        return COMPONENT_OWN_COMMIT + ":queue:" + queue;
    }
}
