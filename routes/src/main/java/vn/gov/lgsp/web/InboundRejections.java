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

    /**
     * The metric's endpoint tag: the method and the path up to its first identifier, at most three segments
     * ({@code GET /api/v1/dossiers}, {@code POST /console/parked}), so that dossier codes and ids do not each make a
     * series of their own.
     */
    static String metricName(String endpoint) {
        int space = endpoint.indexOf(' ');
        StringBuilder name = new StringBuilder(endpoint.substring(0, space + 1));
        String[] segments = endpoint.substring(space + 1).split("/");
        int kept = 0;
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            if (kept == 3 || !segment.matches("[a-z][a-z-]*|v\\d+")) {
                break;
            }
            name.append('/').append(segment);
            kept++;
        }
        return name.toString();
    }

    public void record(String endpoint, String client, int status, String problem) {
        String text = problem.length() > 2000 ? problem.substring(0, 2000) : problem;
        log.info("Refused {} from {}: {} {}", endpoint, client == null ? "an unknown caller" : client, status, text);
        meters.counter("lgsp.inbound.rejected", "endpoint", metricName(endpoint), "status", String.valueOf(status)).increment();
        try {
            jdbc.update("insert into inbound_rejection (endpoint, client, http_status, problem, rejected_at) values (?,?,?,?,?)",
                    endpoint.length() > 100 ? endpoint.substring(0, 100) : endpoint, client, status, text,
                    OffsetDateTime.now(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            // The caller still gets its precise answer; the log line above keeps the record.
            log.warn("Could not record a refused request: {}", e.toString());
        }
    }
}
