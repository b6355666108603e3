package vn.gov.lgsp.intake;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.attachments.AttachmentStore;

/**
 * A dossier event from the one-stop software is accepted once: its attachments kept, its id recorded, and
 * the event put durably on its way to the portal before the caller is answered. Recording and queueing are
 * shared with concurrent requests ({@link IntakeCommits}).
 */
@Component
public class DossierIntakeRoute extends RouteBuilder {

    public static final String ROUTE_ID = "dossier-intake";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;
    /** Header: the authenticated one-stop instance. */
    public static final String CALLER = "lgspCaller";

    private final AttachmentStore attachments;
    private final IntakeCommits commits;

    public DossierIntakeRoute(AttachmentStore attachments, IntakeCommits commits) {
        this.attachments = attachments;
        this.commits = commits;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .bean(attachments, "keep")
                .bean(commits, "accept");
    }
}
