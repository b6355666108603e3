package vn.gov.lgsp.parking;

import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Finds the flow that owns a parked message and lets it replay or discard the message. */
@Component
public class Parking {

    private final ParkedMessages parked;
    private final ParkingFlows flows;

    public Parking(ParkedMessages parked, ParkingFlows flows) {
        this.parked = parked;
        this.flows = flows;
    }

    /**
     * Parks the dossier's next step for {@code peer} once its message has failed as often as the flow allows;
     * {@code reasonCode} is the failure's own code where it has one.
     */
    public void parkFailing(String peer, String dossierCode, int attempts, String reasonCode, Exception failure) {
        flows.flowOf(peer).parkFailing(dossierCode, reasonCode,
                "still failing after " + attempts + " delivery attempts: " + failure.getMessage());
    }

    /** Replays the message; empty when there is no such message, false when it is no longer open. */
    public Optional<Boolean> replay(long id, String operator) {
        return parked.find(id).map(m -> resolve(m, "REPLAYED", operator, flows.flowOf(m.peer())::replay));
    }

    /** Discards the message; empty when there is no such message, false when it is no longer open. */
    public Optional<Boolean> discard(long id, String operator) {
        return parked.find(id).map(m -> resolve(m, "DISCARDED", operator, flows.flowOf(m.peer())::discard));
    }

    /** Claims the open message for this operator, then acts; if the action fails the message is open again. */
    private boolean resolve(ParkedMessage message, String state, String operator, Consumer<ParkedMessage> action) {
        if (!parked.resolve(message.id(), state, operator)) {
            return false;
        }
        try {
            action.accept(message);
        } catch (RuntimeException e) {
            parked.reopen(message.id());
            throw e;
        }
        return true;
    }
}
