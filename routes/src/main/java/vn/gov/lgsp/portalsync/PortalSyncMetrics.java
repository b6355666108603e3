package vn.gov.lgsp.portalsync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * The portal flow's backlog, visible in {@code /actuator/prometheus}: messages waiting in the queue (embedded
 * broker), steps waiting in the ledger by state, and the circuit breaker's state. A slow or absent portal shows
 * here first.
 */
@Component
public class PortalSyncMetrics {

    public PortalSyncMetrics(MeterRegistry meters, JdbcTemplate jdbc, PortalCircuitBreaker breaker,
                             ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
        embeddedBroker.ifAvailable(broker -> Gauge.builder("lgsp.queue.depth", () -> depth(broker, Queues.PORTAL_STATUS))
                .tag("queue", Queues.PORTAL_STATUS)
                .description("Messages waiting in the queue (embedded broker)")
                .register(meters));
        for (PeerSteps.State state : new PeerSteps.State[] {PeerSteps.State.HELD, PeerSteps.State.SENDING,
            PeerSteps.State.PARKED}) {
            Gauge.builder("lgsp.peer.steps", () -> jdbc.queryForObject(
                            "select count(*) from peer_step where peer = ? and state = ?", Long.class, PortalSync.PEER,
                            state.name()))
                    .tag("peer", PortalSync.PEER).tag("state", state.name())
                    .description("Processing steps in the ledger not yet delivered to the peer")
                    .register(meters);
        }
        Gauge.builder("lgsp.peer.breaker.open", () -> switch (breaker.state()) {
                    case CLOSED, DISABLED, METRICS_ONLY -> 0;
                    case HALF_OPEN -> 0.5;
                    case OPEN, FORCED_OPEN -> 1;
                })
                .tag("peer", PortalSync.PEER)
                .description("1 while the circuit breaker holds the queue, 0.5 during trial calls")
                .register(meters);
    }

    private static double depth(EmbeddedActiveMQ broker, String queue) {
        Queue q = broker.getActiveMQServer() == null ? null : broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }
}
