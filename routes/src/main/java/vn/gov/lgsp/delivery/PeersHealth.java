package vn.gov.lgsp.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Each peer flow's circuit breaker, for operators and the readiness group: information only, always UP. A peer
 * that is down holds only its own queue, so this node stays ready to take events for every other peer.
 */
@Component("peersHealthIndicator")
public class PeersHealth implements HealthIndicator {

    private final PeerBreakers breakers;

    public PeersHealth(PeerBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        breakers.all().forEach((peer, breaker) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("breaker", breaker.state().name());
            detail.put("openings", breaker.openings());
            health.withDetail(peer, detail);
        });
        return health.build();
    }
}
