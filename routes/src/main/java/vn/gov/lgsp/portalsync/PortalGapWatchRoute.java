package vn.gov.lgsp.portalsync;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.RouteConfigurations;

/** Steps that have waited too long for a missing predecessor are parked with the reason, for an operator. */
@Component
public class PortalGapWatchRoute extends RouteBuilder {

    public static final String ROUTE_ID = "portal-gap-watch";

    private final PortalSync portalSync;

    public PortalGapWatchRoute(PortalSync portalSync) {
        this.portalSync = portalSync;
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?period={{app.flows.portal-sync.gap-check-interval}}")
                .routeId(ROUTE_ID)
                .routeConfigurationId(RouteConfigurations.SCHEDULED_JOB)
                .bean(portalSync, "parkExpiredGaps");
    }
}
