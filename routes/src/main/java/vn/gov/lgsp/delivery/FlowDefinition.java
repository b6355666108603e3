package vn.gov.lgsp.delivery;

/**
 * What the broker must know of a peer flow before anything else starts: its queue, where the queue is fed
 * from, and its redelivery settings. Each flow package declares one as a bean.
 *
 * @param name            the flow's configuration name, {@code app.flows.<name>}
 * @param peer            the peer it delivers to: the ledger, parking, metrics and route ids are keyed by it
 * @param queue           the flow's own queue
 * @param dossierEvents   fed by the dossier events that concern it (a copy of each, made by the broker); otherwise
 *                        only the middleware itself puts messages on the queue
 * @param properties      {@code app.flows.<name>.*}
 */
public record FlowDefinition(String name, String peer, String queue, boolean dossierEvents, FlowProperties properties) {

    public String deliveryRouteId() {
        return peer + "-delivery";
    }

    public String watchRouteId() {
        return peer + "-watch";
    }

    /** Reason code of a step parked because its predecessor never came. */
    public String gapTimeoutCode() {
        return peer + ".sequence.gap-timeout";
    }
}
