package vn.gov.lgsp.portalsync;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.EventJson;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.config.Queues;

/** A dossier step is put on the portal queue, in its dossier's message group, marked for duplicate detection. */
@Component
public class PortalEnqueueRoute extends RouteBuilder {

    public static final String ROUTE_ID = "portal-enqueue";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;
    /** Header the caller sets: the broker drops a second message with the same id. */
    public static final String DUPLICATE_ID = "lgspDuplicateId";

    private final EventJson json;

    public PortalEnqueueRoute(EventJson json) {
        this.json = json;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .setHeader(MessageHeaders.GROUP_ID, simple("${body.dossierCode}"))
                .setHeader(MessageHeaders.DUPLICATE_ID, header(DUPLICATE_ID))
                .removeHeader(DUPLICATE_ID)
                .bean(json, "write")
                // Fire and forget: the send returns once the broker has the message on disk, no reply expected.
                .setExchangePattern(ExchangePattern.InOnly)
                .to(Queues.jms(Queues.PORTAL_STATUS));
    }
}
