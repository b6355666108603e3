package vn.gov.lgsp.delivery;

import vn.gov.lgsp.adapters.model.DossierEvent;

/**
 * A flow fed by the dossier events that concern it (its {@link FlowDefinition#dossierEvents()} is true): each
 * event is a step of its dossier, in the one-stop software's {@code sequence}.
 */
public interface DossierEventFlow extends PeerFlow<DossierEvent> {

    /** Whether this event concerns the flow; decided once, when the event is accepted, and kept with it. */
    boolean concerns(DossierEvent event);

    @Override
    default Class<DossierEvent> messageType() {
        return DossierEvent.class;
    }

    @Override
    default Step step(DossierEvent event) {
        return new Step(event.dossierCode(), event.sequence(), event.eventId(), event.status().code(), event.occurredAt());
    }
}
