package vn.gov.lgsp.delivery;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;

/**
 * Guards one peer: every single call to it is counted, and when most of them fail the breaker opens and the
 * flow's consumers are suspended, so messages wait in the queue instead of spinning through retries. After
 * {@code open-for} the consumers resume for trial calls that close the breaker again, or reopen it. A flaky peer
 * fails one call and answers the next: a failed call is tried again at once ({@code in-place.*}) when repeating it is
 * harmless, each try counted by the breaker.
 */
public final class PeerBreaker implements CallGuard {

    private static final Logger log = LoggerFactory.getLogger(PeerBreaker.class);

    private final FlowDefinition flow;
    private final CircuitBreaker breaker;
    private final ObjectProvider<CamelContext> camel;
    private final AtomicLong openings = new AtomicLong();

    PeerBreaker(FlowDefinition flow, ObjectProvider<CamelContext> camel, Executor routeControl) {
        this.flow = flow;
        this.camel = camel;
        FlowProperties.CircuitBreaker c = flow.properties().circuitBreaker();
        this.breaker = CircuitBreaker.of(flow.peer(), CircuitBreakerConfig.custom()
                .failureRateThreshold(c.failureRateThreshold())
                .minimumNumberOfCalls(c.minimumCalls())
                .slidingWindowSize(c.slidingWindow())
                .waitDurationInOpenState(c.openFor())
                .permittedNumberOfCallsInHalfOpenState(c.trialCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(PeerTransientException.class)
                .ignoreExceptions(PeerRejectedException.class)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            log.warn("Circuit breaker of {}: {}", flow.peer(), e.getStateTransition());
            switch (e.getStateTransition().getToState()) {
                case OPEN, FORCED_OPEN -> {
                    openings.incrementAndGet();
                    routeControl.execute(() -> control(true));
                }
                case HALF_OPEN, CLOSED -> routeControl.execute(() -> control(false));
                default -> {
                }
            }
        });
    }

    /** Runs one peer call under the breaker; an open breaker is a transient failure like any other. */
    @Override
    public <T> T call(boolean repeatable, Supplier<T> call) {
        FlowProperties.InPlace inPlace = flow.properties().inPlace();
        long pause = inPlace.initialDelay().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return breaker.executeSupplier(call);
            } catch (CallNotPermittedException e) {
                throw new CircuitOpenException(flow.peer(), e);
            } catch (PeerTransientException failure) {
                if (attempt >= inPlace.attempts() || !(repeatable || !failure.peerMayHaveActed())) {
                    throw failure;
                }
                pauseBeforeRetry(pause);
                pause *= 2;
            }
        }
    }

    /** A jittered pause between tries, so that callers that failed together do not try again together. */
    static void pauseBeforeRetry(long millis) {
        try {
            Thread.sleep(millis + ThreadLocalRandom.current().nextLong(millis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerTransientException("delivery.interrupted", "interrupted between tries", e);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** How often the breaker has opened since the start. */
    public long openings() {
        return openings.get();
    }

    private void control(boolean suspend) {
        String route = flow.deliveryRouteId();
        try {
            if (suspend) {
                camel.getObject().getRouteController().suspendRoute(route);
            } else {
                camel.getObject().getRouteController().resumeRoute(route);
            }
        } catch (Exception e) {
            log.error("Could not {} route {}", suspend ? "suspend" : "resume", route, e);
        }
    }

    /** The breaker refused the call: the peer counts as down, so there is no point trying again at once. */
    public static final class CircuitOpenException extends PeerTransientException {

        CircuitOpenException(String peer, Throwable cause) {
            super(peer + ".circuit-open", "the circuit breaker of " + peer + " is open", cause);
        }
    }
}
