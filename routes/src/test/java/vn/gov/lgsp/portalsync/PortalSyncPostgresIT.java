package vn.gov.lgsp.portalsync;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.gov.lgsp.support.PostgresServer;

/** The portal flow on a real PostgreSQL server, the production database. */
class PortalSyncPostgresIT extends PortalSyncContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFor(registry);
    }
}
