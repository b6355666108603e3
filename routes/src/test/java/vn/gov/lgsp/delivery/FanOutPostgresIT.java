package vn.gov.lgsp.delivery;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.gov.lgsp.support.PostgresServer;

/** Fan-out on a real PostgreSQL server, the production database. */
class FanOutPostgresIT extends FanOutContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.useFor(registry);
    }
}
