package vn.gov.lgsp.portalsync;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.EventJson;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.config.RouteConfigurations;

/** Every processing step of a dossier reaches the national portal once, after all the steps before it. */
@Component
public class PortalSyncRoute extends RouteBuilder {

    public static final String ROUTE_ID = "portal-sync";

    private final EventJson json;
    private final PortalSync portalSync;
    private final PortalSyncProperties properties;

    public PortalSyncRoute(EventJson json, PortalSync portalSync, PortalSyncProperties properties) {
        this.json = json;
        this.portalSync = portalSync;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from(Queues.jms(Queues.PORTAL_STATUS) + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                + "&concurrentConsumers={{app.flows.portal-sync.consumers}}"
                + "&maxConcurrentConsumers={{app.flows.portal-sync.consumers}}")
                .routeId(ROUTE_ID)
                .routeConfigurationId(RouteConfigurations.PEER_DELIVERY)
                .setProperty(RouteConfigurations.PEER, constant(PortalSync.PEER))
                .setProperty(RouteConfigurations.MAX_DELIVERY_ATTEMPTS, constant(properties.maxDeliveryAttempts()))
                .bean(json, "read")
                .setHeader(MessageHeaders.DOSSIER_CODE, simple("${body.dossierCode}"))
                .bean(portalSync, "accept");
    }
}
