package vn.gov.lgsp.delivery;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.config.RouteConfigurations;

/**
 * Every peer flow has the same two routes: {@code <peer>-delivery} takes its queue's messages, one dossier at a
 * time and in order, and delivers them to the peer; {@code <peer>-watch} parks steps whose predecessor never came.
 */
@Component
public class PeerDeliveryRoutes extends RouteBuilder {

    private final Deliveries deliveries;

    public PeerDeliveryRoutes(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public void configure() {
        for (Delivery<?> delivery : deliveries.all()) {
            FlowDefinition flow = delivery.definition();
            int consumers = flow.properties().consumers();
            from(Queues.jms(flow.queue()) + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                    + "&concurrentConsumers=" + consumers + "&maxConcurrentConsumers=" + consumers)
                    .routeId(flow.deliveryRouteId())
                    .routeConfigurationId(RouteConfigurations.PEER_DELIVERY)
                    .setProperty(RouteConfigurations.PEER, constant(flow.peer()))
                    .setProperty(RouteConfigurations.MAX_DELIVERY_ATTEMPTS, constant(flow.properties().maxAttempts()))
                    .bean(delivery, "accept");

            from("timer:" + flow.watchRouteId() + "?period=" + flow.properties().gapCheckInterval().toMillis())
                    .routeId(flow.watchRouteId())
                    .routeConfigurationId(RouteConfigurations.SCHEDULED_JOB)
                    .bean(delivery, "watch");
        }
    }
}
