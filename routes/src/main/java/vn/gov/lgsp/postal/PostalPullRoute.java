package vn.gov.lgsp.postal;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.RouteConfigurations;

/** Tracking of the open orders the operator has been quiet about is pulled ({@code postal-pull}). */
@Component
public class PostalPullRoute extends RouteBuilder {

    static final String ROUTE_ID = "postal-pull";
    /** Orders asked about in one run; the rest wait for the next. */
    private static final int BATCH = 200;

    private final PostalShipments shipments;
    private final PostalSchedule schedule;

    public PostalPullRoute(PostalShipments shipments, PostalSchedule schedule) {
        this.shipments = shipments;
        this.schedule = schedule;
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?period=" + schedule.pullInterval().toMillis())
                .routeId(ROUTE_ID)
                .routeConfigurationId(RouteConfigurations.SCHEDULED_JOB)
                .process(exchange -> shipments.pullQuiet(schedule.pullAfter(), BATCH));
    }
}
