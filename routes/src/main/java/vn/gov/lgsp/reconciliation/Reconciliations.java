package vn.gov.lgsp.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the reconciliations, keeps each day's report (running a day again replaces it) and records every run with
 * the node that made it, so that operators see when each ran and where.
 */
@Component
public class Reconciliations {

    private static final Logger log = LoggerFactory.getLogger(Reconciliations.class);

    private final Map<String, Reconciliation> byKind;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final String node;

    public Reconciliations(List<Reconciliation> reconciliations, JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json) {
        this.byKind = reconciliations.stream().collect(Collectors.toMap(Reconciliation::kind, Function.identity()));
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.node = nodeName();
    }

    public boolean knows(String kind) {
        return byKind.containsKey(kind);
    }

    /**
     * Reconciles {@code day} now and keeps the report; a scheduled firing runs once (empty when it ran already).
     *
     * @param scheduledAt when the scheduler meant it to run, or null when an operator asked for it
     */
    public Optional<ReconciliationReport> run(String kind, LocalDate day, OffsetDateTime scheduledAt) {
        try {
            jdbc.update("insert into reconciliation_run (kind, report_day, scheduled_at, started_at, node) values (?,?,?,?,?)",
                    kind, day, scheduledAt, OffsetDateTime.now(ZoneOffset.UTC), node);
        } catch (DuplicateKeyException ranAlready) {
            log.info("Reconciliation {} scheduled at {} has run already; not again", kind, scheduledAt);
            return Optional.empty();
        }
        ReconciliationReport report = byKind.get(kind).reconcile(day);
        String text = write(report);
        tx.executeWithoutResult(t -> {
            jdbc.update("delete from reconciliation_report where kind = ? and report_day = ?", kind, day);
            jdbc.update("insert into reconciliation_report (kind, report_day, generated_at, report) values (?,?,?,?)",
                    kind, day, report.generatedAt(), text);
        });
        log.info("Reconciliation {} of {}: {} rows, totals {}, {} discrepancies", kind, day, report.rows().size(),
                report.totals(), report.discrepancies());
        return Optional.of(report);
    }

    public Optional<String> stored(String kind, LocalDate day) {
        return jdbc.queryForList("select report from reconciliation_report where kind = ? and report_day = ?", String.class,
                kind, day).stream().findFirst();
    }

    public Optional<String> storedAsCsv(String kind, LocalDate day) {
        return stored(kind, day).map(text -> {
            try {
                return json.readValue(text, ReconciliationReport.class).csv();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored reconciliation report is unreadable", e);
            }
        });
    }

    private String write(ReconciliationReport report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the " + report.kind() + " report of " + report.day(), e);
        }
    }

    private static String nodeName() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
