package vn.gov.lgsp.delivery;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * Each flow's backlog, visible in {@code /actuator/prometheus}: messages waiting in its queue (embedded broker),
 * steps waiting in the ledger by state, and its circuit breaker. A slow or absent peer shows here first, and only
 * in its own flow's series.
 */
@Component
public class DeliveryMetrics {

    private static final PeerSteps.State[] WAITING = {PeerSteps.State.HELD, PeerSteps.State.SENDING, PeerSteps.State.PARKED};

    public DeliveryMetrics(MeterRegistry meters, JdbcTemplate jdbc, Deliveries deliveries,
                           ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
        for (Delivery<?> delivery : deliveries.all()) {
            FlowDefinition flow = delivery.definition();
            embeddedBroker.ifAvailable(broker -> Gauge.builder("lgsp.queue.depth", () -> depth(broker, flow.queue()))
                    .tag("queue", flow.queue()).tag("peer", flow.peer())
                    .description("Messages waiting in the queue (embedded broker)")
                    .register(meters));
            for (PeerSteps.State state : WAITING) {
                Gauge.builder("lgsp.peer.steps", () -> jdbc.queryForObject(
                                "select count(*) from peer_step where peer = ? and state = ?", Long.class, flow.peer(),
                                state.name()))
                        .tag("peer", flow.peer()).tag("state", state.name())
                        .description("Steps in the ledger not yet delivered to the peer")
                        .register(meters);
            }
            Gauge.builder("lgsp.peer.breaker.open", () -> switch (delivery.breaker().state()) {
                        case CLOSED, DISABLED, METRICS_ONLY -> 0;
                        case HALF_OPEN -> 0.5;
                        case OPEN, FORCED_OPEN -> 1;
                    })
                    .tag("peer", flow.peer())
                    .description("1 while the circuit breaker holds the queue, 0.5 during trial calls")
                    .register(meters);
            FunctionCounter.builder("lgsp.peer.breaker.openings", delivery.breaker(), PeerBreaker::openings)
                    .tag("peer", flow.peer())
                    .description("Times the peer was taken for down: its breaker opened and its queue waited")
                    .register(meters);
        }
    }

    private static double depth(EmbeddedActiveMQ broker, String queue) {
        Queue q = broker.getActiveMQServer() == null ? null : broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }
}
