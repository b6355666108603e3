package vn.gov.lgsp.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.ledger.PeerSteps;
import vn.gov.lgsp.ledger.PeerSteps.NextStep;
import vn.gov.lgsp.parking.ParkedMessage;
import vn.gov.lgsp.parking.ParkedMessages;
import vn.gov.lgsp.parking.ParkingFlow;

/**
 * How every peer flow delivers: each step is held until its predecessors are delivered, claimed and sent once its
 * turn comes, tried again in place when the peer fails once, rolled back to the broker when it keeps failing, and
 * parked with a reason when it cannot go on (refused, its predecessor never came, or the peer stayed
 * unreachable). The {@link PeerFlow} says only what is particular to its peer.
 */
public final class Delivery<M> implements ParkingFlow {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /**
     * What a delivery needs besides its flow; the same for every flow. Steps arriving and steps delivered are
     * recorded with those of other consumers, of every flow, in shared commits ({@code stepChanges}).
     */
    record Parts(PeerSteps steps, ParkedMessages parked, MessageLog messageLog, TransactionTemplate tx,
                 ProducerTemplate producer, ObjectMapper json, FollowUps followUps, MeterRegistry meters,
                 GroupCommit<PeerSteps.Change, PeerSteps.Hold> stepChanges) {
    }

    /** What became of a step sent with others: null when the peer has it; and the exchanges of its dossier. */
    private record Sent(RuntimeException failure, List<PeerExchange> exchanges) {
    }

    private final PeerFlow<M> flow;
    private final FlowDefinition definition;
    private final PeerBreaker breaker;
    private final PeerSteps.Source source;
    private final Parts parts;
    private final Counter delivered;
    private final Counter failed;
    private final Counter parked;
    private final Timer calls;
    /** Steps that go to the peer together, when it takes several in one call. */
    private final GroupCommit<SendsTogether.Claimed<M>, Sent> together;

    Delivery(PeerFlow<M> flow, PeerBreaker breaker, Parts parts) {
        this.flow = flow;
        this.definition = flow.definition();
        this.breaker = breaker;
        this.source = definition.dossierEvents() ? PeerSteps.Source.DOSSIER_EVENTS : PeerSteps.Source.OUTBOUND_MESSAGES;
        this.parts = parts;
        this.delivered = Counter.builder("lgsp.flow.delivered").tag("peer", definition.peer())
                .description("Messages the peer acknowledged").register(parts.meters());
        this.failed = Counter.builder("lgsp.flow.failed").tag("peer", definition.peer())
                .description("Calls to the peer that failed and will be tried again").register(parts.meters());
        this.parked = Counter.builder("lgsp.flow.parked").tag("peer", definition.peer())
                .description("Messages set aside for an operator").register(parts.meters());
        this.calls = Timer.builder("lgsp.flow.call").tag("peer", definition.peer())
                .description("Time of one call to the peer, answered or not").publishPercentileHistogram()
                .register(parts.meters());
        int batch = definition.properties().batch();
        if (batch > 1 && !(flow instanceof SendsTogether)) {
            throw new IllegalStateException("app.flows." + definition.name() + ".batch: the " + definition.peer()
                    + " peer takes one message per call; leave it at 1");
        }
        this.together = batch > 1
                ? new GroupCommit<>(definition.peer() + "-calls", this::sendTogether, batch, parts.meters()) : null;
    }

    public FlowDefinition definition() {
        return definition;
    }

    public PeerBreaker breaker() {
        return breaker;
    }

    @Override
    public String peer() {
        return definition.peer();
    }

    /**
     * A message arrived from the flow's queue: its step waits for its turn, then the dossier's steps go to the peer
     * for as long as the next one is here. A step that is next in line is claimed for sending in the same commit
     * that records it, and sent from the message in hand. A repeat of a settled step changes nothing but queues
     * its news again, in case a crash lost them.
     */
    public void accept(String body) {
        M message = read(body);
        Step step = flow.step(message);
        PeerSteps.Hold hold = parts.stepChanges().submit(new PeerSteps.Arrival(peer(), step));
        if (hold == PeerSteps.Hold.SETTLED) {
            parts.followUps().resend(peer(), step.dossierCode(), step.sequence());
        }
        releaseInOrder(step.dossierCode(), hold == PeerSteps.Hold.CLAIMED ? message : null);
    }

    /** Sends the dossier's steps for as long as the next one is here and may go. */
    private void releaseInOrder(String dossierCode, M claimed) {
        while (true) {
            Optional<NextStep> next = parts.steps().next(peer(), dossierCode);
            if (next.isEmpty()) {
                if (!flow.concernsEveryStep() && parts.steps().passOver(peer(), dossierCode)) {
                    continue;
                }
                return;
            }
            NextStep step = next.get();
            if (step.state() == PeerSteps.State.PARKED) {
                // Steps parked only because a predecessor was missing may go once the first of them is next in line.
                if (!parts.parked().isOpenFor(peer(), dossierCode, step.sequence(), definition.gapTimeoutCode())) {
                    return;
                }
                parts.parked().release(peer(), dossierCode, definition.gapTimeoutCode())
                        .forEach(sequence -> parts.steps().unpark(peer(), dossierCode, sequence));
                continue;
            }
            boolean ours = claimed != null && flow.step(claimed).sequence() == step.sequence();
            if (!deliver(dossierCode, step, ours ? claimed : null)) {
                return;
            }
            claimed = null;
        }
    }

    /** @param claimed the step's message when this consumer has just claimed it: certain that nobody sent it before */
    private boolean deliver(String dossierCode, NextStep position, M claimed) {
        M message = claimed != null ? claimed
                : read(parts.steps().payload(peer(), source, dossierCode, position.sequence()));
        Step step = flow.step(message);
        // A step found SENDING that this consumer did not just claim was started before a failure or a crash:
        // the peer may already have it.
        boolean uncertain = position.state() == PeerSteps.State.SENDING && claimed == null;
        if (position.state() == PeerSteps.State.HELD) {
            parts.steps().markSending(peer(), dossierCode, step.sequence());
        }
        try (MessageLog.Capture exchanges = parts.messageLog().capture()) {
            if (together != null && !uncertain) {
                sendWithOthers(message, position, exchanges);
            } else {
                tryInPlace(message, position, uncertain);
            }
            List<Callback> news = flow.whenDelivered(message);
            AtomicReference<Runnable> queueNews = new AtomicReference<>();
            parts.stepChanges().submit(new PeerSteps.Delivered(peer(), step, exchanges.take(),
                    () -> queueNews.set(parts.followUps().record(peer(), step, news))));
            queueNews.get().run();
            delivered.increment();
        } catch (PeerRejectedException rejected) {
            park(message, rejected.code(), rejected.getMessage(), flow.whenRejected(message, rejected));
            return false;
        }
        return true;
    }

    /**
     * Sends the step in one call with the steps other consumers claimed meanwhile. A failure the peer may have acted
     * on is settled as for a step sent alone: tried again at once, after finding out what the peer has.
     */
    private void sendWithOthers(M message, NextStep position, MessageLog.Capture exchanges) {
        Sent sent = together.submit(new SendsTogether.Claimed<>(message, position));
        exchanges.add(sent.exchanges());
        if (sent.failure() == null) {
            return;
        }
        if (sent.failure() instanceof PeerTransientException failure) {
            failed.increment();
            if (failure.peerMayHaveActed() && definition.properties().inPlace().attempts() > 1
                    && !(failure instanceof PeerBreaker.CircuitOpenException)) {
                tryInPlace(message, position, true);
                return;
            }
        }
        throw sent.failure();
    }

    /** One round of steps sent together, on the thread whose turn it is; each step's exchanges go back to its owner. */
    private List<Sent> sendTogether(List<SendsTogether.Claimed<M>> steps) {
        long started = System.nanoTime();
        try (MessageLog.Capture exchanges = parts.messageLog().capture()) {
            List<RuntimeException> failures = ((SendsTogether<M>) flow).deliverTogether(steps);
            Map<String, List<PeerExchange>> byDossier = exchanges.take().stream()
                    .collect(Collectors.groupingBy(PeerExchange::dossierCode));
            List<Sent> sent = new ArrayList<>(steps.size());
            for (int i = 0; i < steps.size(); i++) {
                sent.add(new Sent(failures.get(i),
                        byDossier.getOrDefault(flow.step(steps.get(i).message()).dossierCode(), List.of())));
            }
            return sent;
        } finally {
            calls.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The breaker already tries a failed call again when that is harmless. A call it may not repeat (the peer may
     * have acted on it without our hearing) is settled here: the delivery is tried again at once, the flow first
     * finding out what the peer has, before the failure rolls the message back to the broker. Any other failure
     * rolls it back at once: the peer kept failing, or it is down and the queue waits.
     */
    private void tryInPlace(M message, NextStep position, boolean uncertain) {
        FlowProperties.InPlace inPlace = definition.properties().inPlace();
        boolean peerMayHaveIt = uncertain;
        long pause = inPlace.initialDelay().toMillis();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                flow.deliver(message, position, peerMayHaveIt);
                return;
            } catch (PeerTransientException failure) {
                failed.increment();
                if (attempt >= inPlace.attempts() || !failure.peerMayHaveActed()
                        || failure instanceof PeerBreaker.CircuitOpenException) {
                    throw failure;
                }
                peerMayHaveIt = true;
                PeerBreaker.pauseBeforeRetry(pause);
                pause *= 2;
            } finally {
                calls.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Looks after the steps that wait: a step behind one that does not concern this flow is let go; a step that was
     * accepted (or a message the middleware made) but never reached the flow is put on its queue again; the steps
     * behind a predecessor that never came are parked with the reason, once they have waited longer than the gap
     * timeout.
     */
    public void watch() {
        if (!flow.concernsEveryStep()) {
            for (String dossierCode : parts.steps().waitingOnPassedSteps(peer())) {
                parts.steps().passOver(peer(), dossierCode);
                nudgeNext(dossierCode);
            }
        }
        if (source == PeerSteps.Source.OUTBOUND_MESSAGES) {
            for (PeerSteps.Gap lost : parts.steps().lostNextSteps(peer(), definition.properties().gapTimeout())) {
                log.warn("Dossier {} at {}: message {} was made but has not arrived since {}; queued again",
                        lost.dossierCode(), peer(), lost.missingSequence(), lost.waitingSince());
                nudge(lost.dossierCode(), parts.steps().payload(peer(), source, lost.dossierCode(), lost.missingSequence()),
                        "lost-" + lost.dossierCode() + "-" + lost.missingSequence() + "-" + System.nanoTime());
                parts.steps().waitAgain(peer(), lost.dossierCode(), lost.missingSequence());
            }
        }
        for (PeerSteps.Gap stranded : parts.steps().strandedOlderThan(peer(), source, definition.properties().gapTimeout())) {
            parts.steps().acceptedPayload(peer(), source, stranded.dossierCode(), stranded.missingSequence()).ifPresent(p -> {
                log.warn("Dossier {} at {}: step {} was accepted but has not arrived since {}; queued again",
                        stranded.dossierCode(), peer(), stranded.missingSequence(), stranded.waitingSince());
                nudge(stranded.dossierCode(), p, "stranded-" + stranded.dossierCode() + "-" + stranded.missingSequence()
                        + "-" + System.nanoTime());
            });
        }
        for (PeerSteps.Gap gap : parts.steps().gapsOlderThan(peer(), source, definition.properties().gapTimeout())) {
            if (source == PeerSteps.Source.OUTBOUND_MESSAGES) {
                // Our own messages are numbered max+1 in the commit that makes them: a later one exists only after
                // this one was committed, so it can never come. Holding its successors would only strand them.
                log.error("Dossier {} at {}: message {} is missing although later ones were made (steps {}); passed over",
                        gap.dossierCode(), peer(), gap.missingSequence(), parts.steps().stepsOf(gap.dossierCode()));
                parts.steps().passOverMissing(peer(), gap.dossierCode(), gap.missingSequence());
                nudgeNext(gap.dossierCode());
                continue;
            }
            String reason = "step " + gap.missingSequence() + " missing since " + gap.waitingSince();
            for (int sequence : parts.steps().heldSequences(peer(), gap.dossierCode())) {
                // The watch runs beside the consumers: a step taken up since the gap was found is left to them,
                // and a consumer sees the step parked only together with its reason.
                parts.tx().executeWithoutResult(t -> {
                    if (parts.steps().parkIfHeld(peer(), gap.dossierCode(), sequence)) {
                        parts.parked().park(peer(), definition.deliveryRouteId(), gap.dossierCode(), sequence,
                                definition.gapTimeoutCode(), reason,
                                parts.steps().payload(peer(), source, gap.dossierCode(), sequence));
                    }
                });
            }
            log.warn("Dossier {} at {}: {}; its later steps are parked", gap.dossierCode(), peer(), reason);
        }
    }

    @Override
    public void parkFailing(String dossierCode, String reasonCode, String reason) {
        parts.steps().next(peer(), dossierCode).filter(s -> s.state() != PeerSteps.State.PARKED)
                .ifPresent(s -> park(read(parts.steps().payload(peer(), source, dossierCode, s.sequence())),
                        reasonCode, reason, List.of()));
    }

    @Override
    public void replay(ParkedMessage message) {
        parts.steps().unpark(peer(), message.dossierCode(), message.sequence());
        nudge(message.dossierCode(), message.payload(), "replay-" + message.id());
    }

    @Override
    public void discard(ParkedMessage message) {
        parts.steps().skip(peer(), message.dossierCode(), message.sequence());
        nudge(message.dossierCode(), message.payload(), "discard-" + message.id());
    }

    private void park(M message, String reasonCode, String reason, List<Callback> news) {
        Step step = flow.step(message);
        AtomicReference<Runnable> queueNews = new AtomicReference<>();
        parts.messageLog().inTransaction(() -> {
            parts.steps().markParked(peer(), step.dossierCode(), step.sequence());
            parts.parked().park(peer(), definition.deliveryRouteId(), step.dossierCode(), step.sequence(), reasonCode,
                    reason, write(message));
            queueNews.set(parts.followUps().record(peer(), step, news));
            return List.of();
        });
        queueNews.get().run();
        parked.increment();
        log.warn("Dossier {} step {} parked at {}: {} ({})", step.dossierCode(), step.sequence(), peer(), reason, reasonCode);
    }

    /** Puts the dossier's next step back on the queue, once a step it waited behind has been passed over. */
    private void nudgeNext(String dossierCode) {
        parts.steps().next(peer(), dossierCode).filter(s -> s.state() == PeerSteps.State.HELD).ifPresent(s ->
                nudge(dossierCode, parts.steps().payload(peer(), source, dossierCode, s.sequence()),
                        "passed-" + dossierCode + "-" + s.sequence() + "-" + System.nanoTime()));
    }

    /** Puts a step's message back on the flow's queue, so that the dossier's consumer takes it up in order. */
    private void nudge(String dossierCode, String payload, String duplicateId) {
        parts.producer().sendBodyAndHeaders(Queues.jms(definition.queue()), payload, Map.of(
                MessageHeaders.GROUP_ID, dossierCode, MessageHeaders.DUPLICATE_ID, peer() + "-" + duplicateId));
    }

    private M read(String body) {
        try {
            return parts.json().readValue(body, flow.messageType());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message on our own queue " + definition.queue() + " is unreadable", e);
        }
    }

    private String write(M message) {
        try {
            return parts.json().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a message of " + definition.queue(), e);
        }
    }
}
