package vn.gov.lgsp.intake;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.attachments.AttachmentStore;
import vn.gov.lgsp.portalsync.PortalEnqueueRoute;

/**
 * A dossier event from the one-stop software is accepted once: its attachments kept, its id recorded, and
 * the event put durably on its way to the portal before the caller is answered.
 */
@Component
public class DossierIntakeRoute extends RouteBuilder {

    public static final String ROUTE_ID = "dossier-intake";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;
    /** Header: the authenticated one-stop instance. */
    public static final String CALLER = "lgspCaller";
    private static final String RECEIPT = "lgspReceipt";

    private final AttachmentStore attachments;
    private final InboundEvents inboundEvents;

    public DossierIntakeRoute(AttachmentStore attachments, InboundEvents inboundEvents) {
        this.attachments = attachments;
        this.inboundEvents = inboundEvents;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .bean(attachments, "keep")
                .setProperty(RECEIPT, method(inboundEvents, "record"))
                // A repeated event is sent again: if the first send was lost the broker takes this one,
                // if not its duplicate detection drops it.
                .setHeader(PortalEnqueueRoute.DUPLICATE_ID, simple("${body.eventId}"))
                .removeHeader(CALLER)
                .to(PortalEnqueueRoute.ENDPOINT)
                .setBody(exchangeProperty(RECEIPT));
    }
}
