package vn.gov.lgsp.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.support.PackagedMiddleware;
import vn.gov.lgsp.support.PostgresServer;

/**
 * Two nodes of the packaged middleware, each in its own JVM with its own embedded broker, share one PostgreSQL: the
 * daily reconciliations (fired every two seconds here) run once per firing, on one node or the other, never on both.
 */
class ReconciliationClusterIT {

    private PackagedMiddleware peers;
    private PostgresServer database;

    @AfterEach
    void stop() {
        if (peers != null) {
            peers.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void eachFiringOfAReconciliationRunsOnExactlyOneOfTwoNodes() throws Exception {
        database = PostgresServer.start();
        peers = new PackagedMiddleware();
        int[] ports = {PackagedMiddleware.freePort(), PackagedMiddleware.freePort()};
        for (int node = 0; node < 2; node++) {
            peers.start(Files.createTempDirectory("lgsp-node-"), ports[node], "cluster-node-" + (node + 1) + ".log",
                    "--spring.datasource.url=" + database.url(),
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=",
                    "--app.flows.payment.reconciliation-cron=*/2 * * * * ?",
                    "--app.flows.postal.reconciliation-cron=*/2 * * * * ?");
        }
        for (int port : ports) {
            PackagedMiddleware.awaitHealthy(port);
        }
        try (Connection db = DriverManager.getConnection(database.url(), "postgres", "")) {
            await().atMost(Duration.ofMinutes(1)).until(() -> count(db, "select count(*) from qrtz_scheduler_state") == 2);
            long since = System.currentTimeMillis();
            // Both nodes are up and checked in; let the schedule fire a dozen times.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    count(db, "select count(*) from reconciliation_run where kind = 'payments' and scheduled_at is not null "
                            + "and started_at > to_timestamp(" + since / 1000 + ")") >= 12);

            Map<String, Integer> runsPerFiring = new HashMap<>();
            Set<String> nodes = new HashSet<>();
            try (ResultSet rs = db.createStatement().executeQuery("select kind, scheduled_at, node from reconciliation_run "
                    + "where scheduled_at is not null")) {
                while (rs.next()) {
                    runsPerFiring.merge(rs.getString(1) + "@" + rs.getTimestamp(2).toInstant(), 1, Integer::sum);
                    nodes.add(rs.getString(3));
                }
            }
            assertThat(runsPerFiring).isNotEmpty().allSatisfy((firing, runs) -> assertThat(runs).as(firing).isEqualTo(1));
            assertThat(runsPerFiring.keySet()).anyMatch(k -> k.startsWith("postal-cod@"));
            assertThat(nodes).as("the nodes that ran them").isNotEmpty().hasSizeLessThanOrEqualTo(2);
        }
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
