package vn.gov.lgsp.console;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.ministries.MinistryLedger;

/**
 * The figures the national scorecard (Decision 766/QĐ-TTg) judges a province by, per receiving agency and per day
 * (Vietnam time) a dossier was first received: how many were received, how many are synchronised to the national
 * portal (every step the portal takes acknowledged, or discarded by an operator), and of those with an appointment
 * date, how many were processed on time, late, or are overdue still; with the inter-agency steps past their due time.
 */
@Component
public class Scorecard {

    /** One agency on one day. {@code completeness} is synchronised / received, in percent. */
    public record Row(LocalDate day, String agency, int received, int synchronised, int onTime, int late,
                      int overdueOpen, int overdueMinistrySteps) {

        public double completeness() {
            return received == 0 ? 100.0 : Math.floor(1000.0 * synchronised / received) / 10.0;
        }

        public int overdue() {
            return late + overdueOpen;
        }
    }

    /** A day over every agency, for the chart. */
    public record Day(LocalDate day, int received, int synchronised, int overdue) {

        public double completeness() {
            return received == 0 ? 100.0 : Math.floor(1000.0 * synchronised / received) / 10.0;
        }
    }

    private final JdbcTemplate jdbc;
    private final MinistryLedger ministries;

    public Scorecard(JdbcTemplate jdbc, MinistryLedger ministries) {
        this.jdbc = jdbc;
        this.ministries = ministries;
    }

    /** Dossiers first received in the last {@code days} days (today included), by day (newest first) and agency. */
    public List<Row> lastDays(int days, String agency) {
        LocalDate today = LocalDate.now(ConsoleFormat.VIETNAM);
        OffsetDateTime since = today.minusDays(days - 1L).atStartOfDay(ConsoleFormat.VIETNAM).toOffsetDateTime();
        OffsetDateTime now = OffsetDateTime.now();
        Map<String, Integer> overdueSteps = ministries.overdueStepsByDossier(since);
        Map<LocalDate, Map<String, int[]>> counts = new TreeMap<>();
        String sql = "select f.dossier_code, f.agency_code, f.received_at, "
                + "(select max(a.appointment_at) from inbound_event a where a.dossier_code = f.dossier_code) as appointment_at, "
                + "(select min(x.occurred_at) from inbound_event x where x.dossier_code = f.dossier_code and x.status in (9, 10)) "
                + "as processed_at, "
                + "(select count(*) from inbound_event y where y.dossier_code = f.dossier_code and y.status in (3, 7, 8)) as ended, "
                + "(select count(*) from inbound_event p where p.dossier_code = f.dossier_code and p.flows like '%,portal,%') "
                + "as portal_steps, "
                + "(select count(*) from peer_step s where s.peer = 'portal' and s.dossier_code = f.dossier_code "
                + "and s.state in ('DELIVERED', 'SKIPPED')) as portal_done "
                + "from inbound_event f where f.received_at >= ? "
                + "and f.sequence = (select min(g.sequence) from inbound_event g where g.dossier_code = f.dossier_code)"
                + (DossierSearch.blank(agency) ? "" : " and f.agency_code = ?");
        Object[] args = DossierSearch.blank(agency) ? new Object[] {since} : new Object[] {since, agency.trim()};
        jdbc.query(sql, rs -> {
            LocalDate day = rs.getObject("received_at", OffsetDateTime.class).atZoneSameInstant(ConsoleFormat.VIETNAM).toLocalDate();
            int[] c = counts.computeIfAbsent(day, d -> new TreeMap<>())
                    .computeIfAbsent(rs.getString("agency_code"), a -> new int[6]);
            c[0]++;
            int portalSteps = rs.getInt("portal_steps");
            if (portalSteps > 0 && rs.getInt("portal_done") == portalSteps) {
                c[1]++;
            }
            OffsetDateTime appointment = rs.getObject("appointment_at", OffsetDateTime.class);
            OffsetDateTime processed = rs.getObject("processed_at", OffsetDateTime.class);
            if (appointment != null && rs.getInt("ended") == 0) {
                if (processed != null) {
                    c[processed.isAfter(appointment) ? 3 : 2]++;
                } else if (now.isAfter(appointment)) {
                    c[4]++;
                }
            }
            c[5] += overdueSteps.getOrDefault(rs.getString("dossier_code"), 0);
        }, args);
        List<Row> rows = new ArrayList<>();
        counts.forEach((day, agencies) -> agencies.forEach((code, c) ->
                rows.add(new Row(day, code, c[0], c[1], c[2], c[3], c[4], c[5]))));
        rows.sort((a, b) -> b.day().compareTo(a.day()) != 0 ? b.day().compareTo(a.day()) : a.agency().compareTo(b.agency()));
        return rows;
    }

    /** Every day of the period, oldest first, those without dossiers included, for the chart. */
    public List<Day> byDay(List<Row> rows, int days) {
        LocalDate today = LocalDate.now(ConsoleFormat.VIETNAM);
        Map<LocalDate, int[]> totals = new TreeMap<>();
        for (int i = days - 1; i >= 0; i--) {
            totals.put(today.minusDays(i), new int[3]);
        }
        for (Row row : rows) {
            int[] t = totals.get(row.day());
            if (t != null) {
                t[0] += row.received();
                t[1] += row.synchronised();
                t[2] += row.overdue();
            }
        }
        List<Day> result = new ArrayList<>();
        totals.forEach((day, t) -> result.add(new Day(day, t[0], t[1], t[2])));
        return result;
    }

    /** The rows as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read the Vietnamese). */
    public String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder("\uFEFFday,agency,received,synchronised,completeness_percent,on_time,late,"
                + "overdue_open,overdue_ministry_steps\r\n");
        for (Row r : rows) {
            out.append(r.day()).append(',').append(r.agency()).append(',').append(r.received()).append(',')
                    .append(r.synchronised()).append(',').append(r.completeness()).append(',').append(r.onTime()).append(',')
                    .append(r.late()).append(',').append(r.overdueOpen()).append(',').append(r.overdueMinistrySteps())
                    .append("\r\n");
        }
        return out.toString();
    }
}
