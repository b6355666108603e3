package vn.gov.lgsp.delivery;

import java.util.List;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * A flow whose peer takes the steps of many dossiers in one call (the portal's {@code data: [...]}). Steps that
 * concurrent consumers claim at the same moment go together, at most {@code app.flows.<flow>.batch} of them; each is
 * still its dossier's next step, so every dossier stays in order. Only steps that nobody has tried to send before
 * come here; a step whose earlier attempt may have reached the peer goes alone through {@link PeerFlow#deliver}.
 */
public interface SendsTogether<M> extends PeerFlow<M> {

    /** A step claimed for sending, with what the peer already has of its dossier. */
    record Claimed<M>(M message, PeerSteps.NextStep position) {
    }

    /**
     * Sends the steps, each of another dossier, and says for each what {@link #deliver} would have done: null when
     * the peer has it, else what it threw. A call the peer refuses for one step must not fail its neighbours.
     */
    List<RuntimeException> deliverTogether(List<Claimed<M>> steps);
}
