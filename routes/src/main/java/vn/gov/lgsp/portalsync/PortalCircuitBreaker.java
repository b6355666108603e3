package vn.gov.lgsp.portalsync;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;

/**
 * Guards the portal: when too many calls fail transiently the breaker opens and the portal queue's consumers
 * are suspended, so messages wait in the queue instead of spinning through retries. After {@code open-for}
 * the consumers resume for a few trial calls that close the breaker again, or reopen it.
 */
@Component
public class PortalCircuitBreaker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PortalCircuitBreaker.class);

    private final CircuitBreaker breaker;
    private final CamelContext camel;
    private final ExecutorService routeControl = Executors.newSingleThreadExecutor(r -> new Thread(r, "portal-breaker"));

    public PortalCircuitBreaker(PortalSyncProperties properties, CamelContext camel) {
        this.camel = camel;
        PortalSyncProperties.CircuitBreaker c = properties.circuitBreaker();
        this.breaker = CircuitBreaker.of("portal", CircuitBreakerConfig.custom()
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
            log.warn("Portal circuit breaker: {}", e.getStateTransition());
            switch (e.getStateTransition().getToState()) {
                case OPEN, FORCED_OPEN -> routeControl.execute(() -> control(true));
                case HALF_OPEN, CLOSED -> routeControl.execute(() -> control(false));
                default -> {
                }
            }
        });
    }

    /** Runs a portal call under the breaker; an open breaker is a transient failure like any other. */
    public void run(Runnable call) {
        try {
            breaker.executeRunnable(call);
        } catch (CallNotPermittedException e) {
            throw new PeerTransientException("portal.circuit-open", "the portal circuit breaker is open", e);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    private void control(boolean suspend) {
        try {
            if (suspend) {
                camel.getRouteController().suspendRoute(PortalSyncRoute.ROUTE_ID);
            } else {
                camel.getRouteController().resumeRoute(PortalSyncRoute.ROUTE_ID);
            }
        } catch (Exception e) {
            log.error("Could not {} route {}", suspend ? "suspend" : "resume", PortalSyncRoute.ROUTE_ID, e);
        }
    }

    @Override
    public void destroy() {
        routeControl.shutdownNow();
    }
}
