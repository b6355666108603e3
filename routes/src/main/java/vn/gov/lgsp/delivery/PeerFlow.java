package vn.gov.lgsp.delivery;

import java.util.List;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * What is particular to one peer flow; {@link Delivery} does the rest for every flow alike (hold in order, claim,
 * deliver, retry, park, replay, breaker, backlog metrics, gap watch). A new peer is an adapter package plus one
 * implementation of this interface with its {@link FlowDefinition}.
 *
 * @param <M> the message the flow's queue carries (the canonical model, as JSON)
 */
public interface PeerFlow<M> {

    FlowDefinition definition();

    Class<M> messageType();

    /** Where the message stands in its dossier's order at this peer. */
    Step step(M message);

    /**
     * Whether every step of a dossier that reaches the flow is one of its own, so that its position moves one step
     * at a time. A flow concerned by only some events of a dossier passes over the others as they are accepted.
     */
    default boolean concernsEveryStep() {
        return true;
    }

    /**
     * Sends the message to the peer, or throws: {@link vn.gov.lgsp.adapters.error.PeerTransientException} to try
     * again later, {@link PeerRejectedException} to park it with the reason.
     *
     * @param position      what the peer already has of the dossier
     * @param peerMayHaveIt an earlier attempt may have reached the peer without its answer reaching us: find out
     *                      before sending anything that must not arrive twice
     */
    void deliver(M message, PeerSteps.NextStep position, boolean peerMayHaveIt);

    /** News for the one-stop software once the peer has the message; recorded in the same commit. */
    default List<Callback> whenDelivered(M message) {
        return List.of();
    }

    /** News for the one-stop software when the message is parked because it was refused. */
    default List<Callback> whenRejected(M message, PeerRejectedException rejected) {
        return List.of();
    }
}
