package vn.gov.lgsp.portalsync;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.model.AttachmentLinks;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.adapters.portal.PortalClient;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.DossierEventFlow;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * Every processing step of a dossier reaches the national portal once, after all the steps before it: the header
 * is created or updated, then the step appended. A step whose status cannot follow the last one delivered is never
 * sent. The one-stop software hears of each step the portal took ({@code PORTAL_SYNCED}) or refused
 * ({@code PORTAL_REJECTED}).
 */
@Component
public class PortalFlow implements DossierEventFlow {

    public static final String PEER = PortalClient.PEER;
    static final String INVALID_TRANSITION = "portal.sequence.invalid-transition";
    private static final String REFUSED_BY_PORTAL = "portal.rejected";

    private final FlowDefinition definition;
    private final PortalClient portal;
    private final AttachmentLinks links;

    public PortalFlow(@Qualifier(PortalFlowConfiguration.DEFINITION) FlowDefinition definition, PortalClient portal,
                      AttachmentLinks links) {
        this.definition = definition;
        this.portal = portal;
        this.links = links;
    }

    @Override
    public FlowDefinition definition() {
        return definition;
    }

    /** The portal keeps every dossier and every step. */
    @Override
    public boolean concerns(DossierEvent event) {
        return true;
    }

    @Override
    public void deliver(DossierEvent event, PeerSteps.NextStep position, boolean peerMayHaveIt) {
        DossierStatus previous = position.deliveredStatus() == null ? null : DossierStatus.fromCode(position.deliveredStatus());
        if (!event.status().canFollow(previous)) {
            throw new PeerRejectedException(INVALID_TRANSITION, "status " + event.status().code() + " (" + event.status()
                    + ") cannot follow " + (previous == null ? "the start of the dossier"
                    : "status " + previous.code() + " (" + previous + ")"));
        }
        if (peerMayHaveIt && portal.hasProgress(event)) {
            return;
        }
        portal.syncHeader(event, milestone(event, DossierStatus.PROCESSED, position.processedAt()),
                milestone(event, DossierStatus.RESULT_RETURNED, position.resultReturnedAt()), position.knownAtPeer(), links);
        portal.appendProgress(event);
    }

    @Override
    public List<Callback> whenDelivered(DossierEvent event) {
        return List.of(Callback.portalSynced(event.dossierCode(), event.sequence(), event.status()));
    }

    /** Only the portal's own refusals are news for the one-stop software; a step we hold back is an operator's matter. */
    @Override
    public List<Callback> whenRejected(DossierEvent event, PeerRejectedException rejected) {
        return rejected.code().startsWith(REFUSED_BY_PORTAL)
                ? List.of(Callback.portalRejected(event.dossierCode(), event.sequence(), rejected.code(), rejected.getMessage()))
                : List.of();
    }

    /** When the dossier reached {@code status}: this step, if it is the one, or the latest delivered one. */
    private static OffsetDateTime milestone(DossierEvent event, DossierStatus status, OffsetDateTime delivered) {
        return event.status() == status ? event.occurredAt() : delivered;
    }
}
