package vn.gov.lgsp.intake;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.Queues;

/**
 * An accepted dossier event is published once, in its dossier's message group and marked for duplicate detection;
 * the broker puts a copy on the queue of every flow it concerns, in the same broker transaction.
 */
@Component
public class DossierFanOutRoute extends RouteBuilder {

    public static final String ROUTE_ID = "dossier-fan-out";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                // Fire and forget: the send returns once the broker has the message on disk, no reply expected.
                .setExchangePattern(ExchangePattern.InOnly)
                .to("jms:topic:" + Queues.DOSSIER_EVENTS);
    }
}
