package vn.gov.lgsp.portalsync;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.AttachmentLinks;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.adapters.portal.PortalClient;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.DossierEventFlow;
import vn.gov.lgsp.delivery.SendsTogether;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * Every processing step of a dossier reaches the national portal once, after all the steps before it: the header
 * is created or updated, then the step appended. A step whose status cannot follow the last one delivered is never
 * sent. The one-stop software hears of each step the portal took ({@code PORTAL_SYNCED}) or refused
 * ({@code PORTAL_REJECTED}). Steps of many dossiers claimed at once go in one header call (two: creates and updates)
 * and one progress call; a call the portal refuses is sent again one dossier at a time, so that only the step it
 * refuses is parked.
 */
@Component
public class PortalFlow implements DossierEventFlow, SendsTogether<DossierEvent> {

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
        requireTransition(event, position);
        boolean known = position.knownAtPeer();
        if (peerMayHaveIt) {
            // An earlier attempt may have created the header, or recorded the step, without our hearing.
            PortalClient.Holding held = portal.holding(event);
            if (held.step()) {
                return;
            }
            known = known || held.dossier();
        }
        portal.syncHeader(header(event, position, known), links);
        portal.appendProgress(event);
    }

    @Override
    public List<RuntimeException> deliverTogether(List<Claimed<DossierEvent>> steps) {
        RuntimeException[] outcome = new RuntimeException[steps.size()];
        List<Integer> going = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            try {
                requireTransition(steps.get(i).message(), steps.get(i).position());
                going.add(i);
            } catch (PeerRejectedException refused) {
                outcome[i] = refused;
            }
        }
        // One call creates the headers of new dossiers, another updates those the portal has; a header sent alone
        // switches between the two when the portal answers "already exists" or "does not exist".
        for (boolean known : new boolean[] {false, true}) {
            List<Integer> calls = going.stream().filter(i -> steps.get(i).position().knownAtPeer() == known).toList();
            if (calls.size() < 2 || !sentTogether(calls, outcome, () -> portal.syncHeaders(calls.stream()
                    .map(i -> header(steps.get(i))).toList(), links))) {
                eachAlone(calls, outcome, i -> portal.syncHeader(header(steps.get(i)), links));
            }
        }
        List<Integer> headed = going.stream().filter(i -> outcome[i] == null).toList();
        if (headed.size() == 1) {
            eachAlone(headed, outcome, i -> portal.appendProgress(steps.get(i).message()));
        } else if (!sentTogether(headed, outcome,
                () -> portal.appendProgress(headed.stream().map(i -> steps.get(i).message()).toList()))) {
            // The portal may have recorded the steps before the one it refused: each looks before it is sent again.
            eachAlone(headed, outcome, i -> {
                if (!portal.hasProgress(steps.get(i).message())) {
                    portal.appendProgress(steps.get(i).message());
                }
            });
        }
        return Arrays.asList(outcome);
    }

    /**
     * One call for the steps at {@code indexes}: true when it is settled (taken, or failed on the way, which fails
     * every step in it as it would have failed each), false when the portal refused it.
     */
    private static boolean sentTogether(List<Integer> indexes, RuntimeException[] outcome, BooleanSupplier call) {
        try {
            return indexes.isEmpty() || call.getAsBoolean();
        } catch (PeerTransientException failed) {
            indexes.forEach(i -> outcome[i] = failed);
            return true;
        }
    }

    /** Each step on its own, so that only a step the portal refuses fails. */
    private static void eachAlone(List<Integer> indexes, RuntimeException[] outcome, IntConsumer send) {
        for (int i : indexes) {
            try {
                send.accept(i);
            } catch (PeerTransientException | PeerRejectedException failed) {
                outcome[i] = failed;
            }
        }
    }

    private static void requireTransition(DossierEvent event, PeerSteps.NextStep position) {
        DossierStatus previous = position.deliveredStatus() == null ? null : DossierStatus.fromCode(position.deliveredStatus());
        if (!event.status().canFollow(previous)) {
            throw new PeerRejectedException(INVALID_TRANSITION, "status " + event.status().code() + " (" + event.status()
                    + ") cannot follow " + (previous == null ? "the start of the dossier"
                    : "status " + previous.code() + " (" + previous + ")"));
        }
    }

    private static PortalClient.HeaderSync header(Claimed<DossierEvent> step) {
        return header(step.message(), step.position(), step.position().knownAtPeer());
    }

    private static PortalClient.HeaderSync header(DossierEvent event, PeerSteps.NextStep position, boolean known) {
        return new PortalClient.HeaderSync(event, milestone(event, DossierStatus.PROCESSED, position.processedAt()),
                milestone(event, DossierStatus.RESULT_RETURNED, position.resultReturnedAt()), known);
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
