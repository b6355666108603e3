package vn.gov.lgsp.portalsync;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.model.AttachmentLinks;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.adapters.portal.PortalClient;
import vn.gov.lgsp.config.EventJson;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.ledger.PeerSteps;
import vn.gov.lgsp.ledger.PeerSteps.NextStep;
import vn.gov.lgsp.parking.ParkedMessage;
import vn.gov.lgsp.parking.ParkedMessages;
import vn.gov.lgsp.parking.ParkingFlow;

/**
 * The decisions of the portal flow: each step is held until its predecessors are delivered, sent once its
 * turn comes, and parked with a reason when it cannot go on (the portal refused it, its status cannot follow
 * the previous one, its predecessor never came, or the portal stayed unreachable).
 */
@Component
public class PortalSync implements ParkingFlow {

    public static final String PEER = PortalClient.PEER;
    static final String GAP_TIMEOUT = "portal.sequence.gap-timeout";
    static final String INVALID_TRANSITION = "portal.sequence.invalid-transition";

    private static final Logger log = LoggerFactory.getLogger(PortalSync.class);

    private final PeerSteps steps;
    private final ParkedMessages parked;
    private final PortalClient portal;
    private final PortalCircuitBreaker breaker;
    private final AttachmentLinks links;
    private final EventJson json;
    private final PortalSyncProperties properties;
    private final ProducerTemplate producer;
    private final MessageLog messageLog;
    private final TransactionTemplate tx;

    public PortalSync(PeerSteps steps, ParkedMessages parked, PortalClient portal, PortalCircuitBreaker breaker,
                      AttachmentLinks links, EventJson json, PortalSyncProperties properties, ProducerTemplate producer,
                      MessageLog messageLog, TransactionTemplate tx) {
        this.messageLog = messageLog;
        this.tx = tx;
        this.steps = steps;
        this.parked = parked;
        this.portal = portal;
        this.breaker = breaker;
        this.links = links;
        this.json = json;
        this.properties = properties;
        this.producer = producer;
    }

    @Override
    public String peer() {
        return PEER;
    }

    /**
     * A step arrived from the queue: it waits for its turn (a repeat of a known step changes nothing), then the
     * dossier's steps go to the portal for as long as the next one is here. A step that is next in line is claimed
     * for sending in the same commit that records it, and sent from the message in hand.
     */
    public void accept(DossierEvent event) {
        boolean claimed = steps.hold(PEER, event);
        releaseInOrder(event.dossierCode(), claimed ? event : null);
    }

    /** Sends the dossier's steps to the portal for as long as the next one is here and may go. */
    private void releaseInOrder(String dossierCode, DossierEvent claimed) {
        while (true) {
            Optional<NextStep> next = steps.next(PEER, dossierCode);
            if (next.isEmpty()) {
                return;
            }
            NextStep step = next.get();
            if (step.state() == PeerSteps.State.PARKED) {
                // Steps parked only because a predecessor was missing may go once the first of them is next in line.
                if (!parked.isOpenFor(PEER, dossierCode, step.sequence(), GAP_TIMEOUT)) {
                    return;
                }
                parked.release(PEER, dossierCode, GAP_TIMEOUT).forEach(sequence -> steps.unpark(PEER, dossierCode, sequence));
                continue;
            }
            boolean ours = claimed != null && claimed.sequence() == step.sequence();
            if (!deliver(dossierCode, step, ours ? claimed : null)) {
                return;
            }
            claimed = null;
        }
    }

    /** @param claimed the step's event when this consumer has just claimed it: certain that nobody sent it before */
    private boolean deliver(String dossierCode, NextStep step, DossierEvent claimed) {
        DossierEvent event = claimed != null ? claimed : json.read(step.payload());
        DossierStatus previous = step.deliveredStatus() == null ? null : DossierStatus.fromCode(step.deliveredStatus());
        if (!event.status().canFollow(previous)) {
            park(event, INVALID_TRANSITION, "status " + event.status().code() + " (" + event.status() + ") cannot follow "
                    + (previous == null ? "the start of the dossier" : "status " + previous.code() + " (" + previous + ")"));
            return false;
        }
        // A step found SENDING that this consumer did not just claim was started before a failure or a crash:
        // the portal may already have it.
        boolean uncertain = step.state() == PeerSteps.State.SENDING && claimed == null;
        if (step.state() == PeerSteps.State.HELD) {
            steps.markSending(PEER, dossierCode, event.sequence());
        }
        try (MessageLog.Capture exchanges = messageLog.capture()) {
            breaker.run(() -> {
                if (uncertain && portal.hasProgress(event)) {
                    return;
                }
                portal.syncHeader(event, milestone(event, DossierStatus.PROCESSED, step.processedAt()),
                        milestone(event, DossierStatus.RESULT_RETURNED, step.resultReturnedAt()), step.knownAtPeer(), links);
                portal.appendProgress(event);
            });
            steps.markDelivered(PEER, event, exchanges.take());
        } catch (PeerRejectedException rejected) {
            park(event, rejected.code(), rejected.getMessage());
            return false;
        }
        return true;
    }

    /** When the dossier reached {@code status}: this step, if it is the one, or the latest delivered one. */
    private static OffsetDateTime milestone(DossierEvent event, DossierStatus status, OffsetDateTime delivered) {
        return event.status() == status ? event.occurredAt() : delivered;
    }

    /** Parks the steps that have waited longer than the gap timeout for a predecessor that never came. */
    public void parkExpiredGaps() {
        for (PeerSteps.Gap gap : steps.gapsOlderThan(PEER, properties.gapTimeout())) {
            String reason = "step " + gap.missingSequence() + " missing since " + gap.waitingSince();
            for (int sequence : steps.heldSequences(PEER, gap.dossierCode())) {
                // The watch runs beside the consumers: a step taken up since the gap was found is left to them,
                // and a consumer sees the step parked only together with its reason.
                tx.executeWithoutResult(t -> {
                    if (steps.parkIfHeld(PEER, gap.dossierCode(), sequence)) {
                        parked.park(PEER, PortalSyncRoute.ROUTE_ID, gap.dossierCode(), sequence, GAP_TIMEOUT, reason,
                                steps.payload(PEER, gap.dossierCode(), sequence));
                    }
                });
            }
            log.warn("Dossier {}: {}; its later steps are parked", gap.dossierCode(), reason);
        }
    }

    @Override
    public void parkFailing(String dossierCode, String reasonCode, String reason) {
        steps.next(PEER, dossierCode).filter(s -> s.state() != PeerSteps.State.PARKED)
                .ifPresent(s -> park(json.read(s.payload()), reasonCode, reason));
    }

    @Override
    public void replay(ParkedMessage message) {
        steps.unpark(PEER, message.dossierCode(), message.sequence());
        nudge(message, "replay");
    }

    @Override
    public void discard(ParkedMessage message) {
        steps.skip(PEER, message.dossierCode(), message.sequence());
        nudge(message, "discard");
    }

    private void park(DossierEvent event, String reasonCode, String reason) {
        steps.markParked(PEER, event.dossierCode(), event.sequence());
        parked.park(PEER, PortalSyncRoute.ROUTE_ID, event.dossierCode(), event.sequence(), reasonCode, reason, json.write(event));
        log.warn("Dossier {} step {} parked: {} ({})", event.dossierCode(), event.sequence(), reason, reasonCode);
    }

    /** Puts the step back on the portal queue, so that the dossier's consumer takes it up in order. */
    private void nudge(ParkedMessage message, String why) {
        producer.sendBodyAndHeader(PortalEnqueueRoute.ENDPOINT, json.read(message.payload()),
                PortalEnqueueRoute.DUPLICATE_ID, why + "-" + message.id());
    }
}
