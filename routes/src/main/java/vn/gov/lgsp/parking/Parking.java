package vn.gov.lgsp.parking;

import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Finds the flow that owns a parked message and lets it replay or discard the message. */
@Component
public class Parking {

    private final ParkedMessages parked;
    private final ParkingFlows flows;
    private final OperatorActions actions;

    public Parking(ParkedMessages parked, ParkingFlows flows, OperatorActions actions) {
        this.parked = parked;
        this.flows = flows;
        this.actions = actions;
    }

    /**
     * Parks the dossier's next step for {@code peer} once its message has failed as often as the flow allows;
     * {@code reasonCode} is the failure's own code where it has one.
     */
    public void parkFailing(String peer, String dossierCode, int attempts, String reasonCode, Exception failure) {
        flows.flowOf(peer).parkFailing(dossierCode, reasonCode,
                "still failing after " + attempts + " delivery attempts: " + failure.getMessage());
    }

    /**
     * Replays the message; empty when there is no such message, false when it is no longer open. Audited, with the
     * operator's comment if any.
     */
    public Optional<Boolean> replay(long id, String operator, String comment) {
        return parked.find(id).map(m -> resolve(m, "REPLAYED", operator, comment, flows.flowOf(m.peer())::replay));
    }

    /** Discards the message, which needs a reason; empty when there is no such message, false when it is no longer open. */
    public Optional<Boolean> discard(long id, String operator, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("a discard needs a comment saying why");
        }
        return parked.find(id).map(m -> resolve(m, "DISCARDED", operator, comment, flows.flowOf(m.peer())::discard));
    }

    /** Claims the open message for this operator, then acts; if the action fails the message is open again. */
    private boolean resolve(ParkedMessage message, String state, String operator, String comment,
                            Consumer<ParkedMessage> action) {
        String verb = state.equals("REPLAYED") ? "REPLAY" : "DISCARD";
        if (!parked.resolve(message.id(), state, operator)) {
            actions.record(operator, verb, message, comment, "NOT_OPEN");
            return false;
        }
        try {
            action.accept(message);
        } catch (RuntimeException e) {
            parked.reopen(message.id());
            actions.record(operator, verb, message, comment, "FAILED");
            throw e;
        }
        actions.record(operator, verb, message, comment, "DONE");
        return true;
    }
}
