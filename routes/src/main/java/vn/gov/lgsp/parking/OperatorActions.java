package vn.gov.lgsp.parking;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The audit trail of what operators did to parked messages: who, when, on what, why, and how it went. */
@Component
public class OperatorActions {

    /** One action; {@code outcome} DONE, NOT_OPEN (someone resolved it first) or FAILED (the message is open again). */
    public record Action(long id, OffsetDateTime actedAt, String operator, String action, Long parkedId,
                         String dossierCode, String peer, String comment, String outcome) {
    }

    private final JdbcTemplate jdbc;

    public OperatorActions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(String operator, String action, ParkedMessage message, String comment, String outcome) {
        jdbc.update("insert into operator_action (acted_at, operator, action, parked_id, dossier_code, peer, comment, outcome) "
                        + "values (?,?,?,?,?,?,?,?)", OffsetDateTime.now(ZoneOffset.UTC), operator, action, message.id(),
                message.dossierCode(), message.peer(), comment, outcome);
    }

    /** Newest first; {@code parkedId} or {@code dossierCode} narrow it when given. */
    public List<Action> list(Long parkedId, String dossierCode, int limit) {
        StringBuilder sql = new StringBuilder("select * from operator_action where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (parkedId != null) {
            sql.append(" and parked_id = ?");
            args.add(parkedId);
        }
        if (dossierCode != null) {
            sql.append(" and dossier_code = ?");
            args.add(dossierCode);
        }
        sql.append(" order by id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> new Action(rs.getLong("id"),
                rs.getObject("acted_at", OffsetDateTime.class), rs.getString("operator"), rs.getString("action"),
                (Long) rs.getObject("parked_id", Long.class), rs.getString("dossier_code"), rs.getString("peer"),
                rs.getString("comment"), rs.getString("outcome")), args.toArray());
    }
}
