package vn.gov.lgsp.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.Masking;
import vn.gov.lgsp.config.Hashing;
import vn.gov.lgsp.config.SqlPatterns;

/**
 * Finds dossiers by what an operator knows of them: (a prefix of) the code, the procedure, the agency, the latest
 * status, the day received, the applicant's identity number (compared by its SHA-256; shown only masked).
 */
@Component
public class DossierSearch {

    static final int LIMIT = 200;

    /** What the operator asked; every field may be empty. */
    public record Criteria(String code, String procedure, String agency, Integer status, LocalDate from, LocalDate to,
                           String applicantId) {
    }

    /** A dossier as the list shows it: its latest step, with the applicant as the one-stop software named them. */
    public record Found(String code, String procedureCode, String procedureName, String agencyCode, int status,
                        int sequence, OffsetDateTime firstReceivedAt, OffsetDateTime lastReceivedAt,
                        String applicantName, String applicantIdMasked) {
    }

    /** The dossier as its latest accepted event describes it. */
    public record Summary(String procedureCode, String procedureName, String agencyCode, String channel,
                          String applicantName, String applicantIdMasked, String applicantPhoneMasked,
                          String summary, OffsetDateTime appointmentAt) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public DossierSearch(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Newest first, at most {@link #LIMIT}; with no criteria, the dossiers that moved last. */
    public List<Found> find(Criteria criteria) {
        StringBuilder sql = new StringBuilder("select e.dossier_code, e.procedure_code, e.agency_code, e.status, e.sequence, "
                + "e.received_at, e.payload, (select min(f.received_at) from inbound_event f where f.dossier_code = e.dossier_code) "
                + "as first_received_at from inbound_event e where e.sequence = (select max(m.sequence) from inbound_event m "
                + "where m.dossier_code = e.dossier_code)");
        List<Object> args = new ArrayList<>();
        if (!blank(criteria.code())) {
            sql.append(" and e.dossier_code like ? escape '\\'");
            args.add(SqlPatterns.startingWith(criteria.code().trim()));
        }
        if (!blank(criteria.procedure())) {
            sql.append(" and e.procedure_code like ? escape '\\'");
            args.add(SqlPatterns.startingWith(criteria.procedure().trim()));
        }
        if (!blank(criteria.agency())) {
            sql.append(" and e.agency_code = ?");
            args.add(criteria.agency().trim());
        }
        if (criteria.status() != null) {
            sql.append(" and e.status = ?");
            args.add(criteria.status());
        }
        if (criteria.from() != null) {
            sql.append(" and exists (select 1 from inbound_event r where r.dossier_code = e.dossier_code and r.received_at >= ?)");
            args.add(criteria.from().atStartOfDay(ConsoleFormat.VIETNAM).toOffsetDateTime());
        }
        if (criteria.to() != null) {
            sql.append(" and exists (select 1 from inbound_event r where r.dossier_code = e.dossier_code and r.received_at < ?)");
            args.add(criteria.to().plusDays(1).atStartOfDay(ConsoleFormat.VIETNAM).toOffsetDateTime());
        }
        if (!blank(criteria.applicantId())) {
            sql.append(" and exists (select 1 from inbound_event a where a.dossier_code = e.dossier_code "
                    + "and a.applicant_id_sha256 = ?)");
            args.add(Hashing.sha256Hex(criteria.applicantId().trim()));
        }
        sql.append(" order by e.received_at desc limit ").append(LIMIT);
        return jdbc.query(sql.toString(), (rs, i) -> {
            JsonNode dossier = read(rs.getString("payload")).path("dossier");
            return new Found(rs.getString("dossier_code"), rs.getString("procedure_code"),
                    dossier.path("procedureName").asText(""), rs.getString("agency_code"), rs.getInt("status"),
                    rs.getInt("sequence"), rs.getObject("first_received_at", OffsetDateTime.class),
                    rs.getObject("received_at", OffsetDateTime.class), dossier.path("applicant").path("fullName").asText(""),
                    Masking.mask(dossier.path("applicant").path("idNumber").asText(null)));
        }, args.toArray());
    }

    public Optional<Summary> summaryOf(String code) {
        return jdbc.query("select payload from inbound_event where dossier_code = ? order by sequence desc limit 1",
                (rs, i) -> rs.getString(1), code).stream().findFirst().map(payload -> {
                    JsonNode dossier = read(payload).path("dossier");
                    JsonNode applicant = dossier.path("applicant");
                    String appointment = dossier.path("appointmentAt").asText(null);
                    return new Summary(dossier.path("procedureCode").asText(""), dossier.path("procedureName").asText(""),
                            dossier.path("agencyCode").asText(""), dossier.path("channel").asText(""),
                            applicant.path("fullName").asText(""), Masking.mask(applicant.path("idNumber").asText(null)),
                            Masking.mask(applicant.path("phone").asText(null)), dossier.path("summary").asText(""),
                            appointment == null ? null : OffsetDateTime.parse(appointment));
                });
    }

    /** An accepted event's canonical JSON, as kept; for operators to download. */
    public Optional<String> eventPayload(String code, int sequence) {
        return jdbc.query("select payload from inbound_event where dossier_code = ? and sequence = ?",
                (rs, i) -> rs.getString(1), code, sequence).stream().findFirst();
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
