package vn.gov.lgsp.web;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.MeterRegistry;

/** Records every request refused at an inbound endpoint: what was wrong and from whom, never the body. */
@Component
public class InboundRejections {

    private static final Logger log = LoggerFactory.getLogger(InboundRejections.class);

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    public InboundRejections(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public void record(String endpoint, String client, int status, String problem) {
        String text = problem.length() > 2000 ? problem.substring(0, 2000) : problem;
        log.info("Refused {} from {}: {} {}", endpoint, client == null ? "an unknown caller" : client, status, text);
        meters.counter("lgsp.inbound.rejected", "endpoint", endpoint, "status", String.valueOf(status)).increment();
        try {
            jdbc.update("insert into inbound_rejection (endpoint, client, http_status, problem, rejected_at) values (?,?,?,?,?)",
                    endpoint, client, status, text, OffsetDateTime.now(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            // The caller still gets its precise answer; the log line above keeps the record.
            log.warn("Could not record a refused request: {}", e.toString());
        }
    }
}
