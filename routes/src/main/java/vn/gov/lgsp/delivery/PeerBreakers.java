package vn.gov.lgsp.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker per peer flow. Adapters get theirs as the {@link vn.gov.lgsp.adapters.error.CallGuard} of
 * every call, before Camel starts: the Camel context is looked up only when a breaker changes state.
 */
@Component
public class PeerBreakers implements DisposableBean {

    private final ExecutorService routeControl = Executors.newSingleThreadExecutor(r -> new Thread(r, "peer-breakers"));
    private final Map<String, PeerBreaker> byPeer;

    public PeerBreakers(List<FlowDefinition> flows, ObjectProvider<CamelContext> camel) {
        this.byPeer = flows.stream().collect(Collectors.toMap(FlowDefinition::peer,
                f -> new PeerBreaker(f, camel, routeControl), (a, b) -> {
                    throw new IllegalStateException("two flows deliver to the same peer");
                }));
    }

    public PeerBreaker of(String peer) {
        PeerBreaker breaker = byPeer.get(peer);
        if (breaker == null) {
            throw new IllegalStateException("no flow delivers to peer " + peer);
        }
        return breaker;
    }

    /** Every peer's breaker, by peer. */
    public Map<String, PeerBreaker> all() {
        return new java.util.TreeMap<>(byPeer);
    }

    @Override
    public void destroy() {
        routeControl.shutdownNow();
    }
}
