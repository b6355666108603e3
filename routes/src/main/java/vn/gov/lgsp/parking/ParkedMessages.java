package vn.gov.lgsp.parking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.config.SqlPatterns;

/** The store of parked messages. Nothing is deleted: replayed and discarded messages stay, with who and when. */
@Component
public class ParkedMessages {

    private final JdbcTemplate jdbc;

    public ParkedMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long park(String peer, String routeId, String dossierCode, int sequence, String reasonCode, String reason,
                     String payload) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into parked_message (peer, route_id, dossier_code, sequence, reason_code, "
                    + "reason, payload, state, parked_at) values (?,?,?,?,?,?,?,'OPEN',?)", new String[] {"id"});
            ps.setString(1, peer);
            ps.setString(2, routeId);
            ps.setString(3, dossierCode);
            ps.setInt(4, sequence);
            ps.setString(5, reasonCode);
            ps.setString(6, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            ps.setString(7, payload);
            ps.setObject(8, now());
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    public Optional<ParkedMessage> find(long id) {
        return jdbc.query("select * from parked_message where id = ?", ParkedMessages::map, id).stream().findFirst();
    }

    /** Parked messages, newest first; {@code state} null for all. */
    public List<ParkedMessage> list(String state, String dossierCode, int limit, int offset) {
        return list(new Filter(state, dossierCode, List.of(), null), limit, offset);
    }

    /**
     * What an operator narrows the list by; null or empty for any.
     *
     * @param peers      any of these peers
     * @param reasonCode a reason code or its start ({@code portal.} for every refusal of the portal)
     */
    public record Filter(String state, String dossierCode, List<String> peers, String reasonCode) {
    }

    public List<ParkedMessage> list(Filter filter, int limit, int offset) {
        StringBuilder sql = new StringBuilder("select * from parked_message where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.state() != null) {
            sql.append(" and state = ?");
            args.add(filter.state());
        }
        if (filter.dossierCode() != null) {
            sql.append(" and dossier_code = ?");
            args.add(filter.dossierCode());
        }
        if (!filter.peers().isEmpty()) {
            sql.append(" and peer in (").append(String.join(",", Collections.nCopies(filter.peers().size(), "?"))).append(')');
            args.addAll(filter.peers());
        }
        if (filter.reasonCode() != null) {
            sql.append(" and reason_code like ? escape '\\'");
            args.add(SqlPatterns.startingWith(filter.reasonCode()));
        }
        sql.append(" order by id desc limit ? offset ?");
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql.toString(), ParkedMessages::map, args.toArray());
    }

    /** The reason codes of open messages, for the console's filter. */
    public List<String> openReasonCodes() {
        return jdbc.queryForList("select distinct reason_code from parked_message where state = 'OPEN' order by reason_code",
                String.class);
    }

    public int countOpen() {
        Integer n = jdbc.queryForObject("select count(*) from parked_message where state = 'OPEN'", Integer.class);
        return n == null ? 0 : n;
    }

    /** Marks an open message resolved; false when someone else resolved it first. */
    public boolean resolve(long id, String state, String by) {
        return jdbc.update("update parked_message set state = ?, resolved_at = ?, resolved_by = ? where id = ? and state = 'OPEN'",
                state, now(), by, id) == 1;
    }

    /** Undoes a resolution whose action failed, so that the operator can try again. */
    public void reopen(long id) {
        jdbc.update("update parked_message set state = 'OPEN', resolved_at = null, resolved_by = null where id = ?", id);
    }

    /** Whether the step is parked, still open, for {@code reasonCode}. */
    public boolean isOpenFor(String peer, String dossierCode, int sequence, String reasonCode) {
        Integer n = jdbc.queryForObject("select count(*) from parked_message where peer = ? and dossier_code = ? "
                + "and sequence = ? and reason_code = ? and state = 'OPEN'", Integer.class, peer, dossierCode, sequence, reasonCode);
        return n != null && n > 0;
    }

    /** Resolves, by themselves, the open messages of a dossier parked for {@code reasonCode}; returns their sequences. */
    public List<Integer> release(String peer, String dossierCode, String reasonCode) {
        List<Integer> sequences = jdbc.queryForList("select sequence from parked_message where peer = ? and dossier_code = ? "
                + "and reason_code = ? and state = 'OPEN' order by sequence", Integer.class, peer, dossierCode, reasonCode);
        jdbc.update("update parked_message set state = 'RELEASED', resolved_at = ?, resolved_by = 'middleware' "
                + "where peer = ? and dossier_code = ? and reason_code = ? and state = 'OPEN'", now(), peer, dossierCode, reasonCode);
        return sequences;
    }

    private static ParkedMessage map(ResultSet rs, int row) throws SQLException {
        return new ParkedMessage(rs.getLong("id"), rs.getString("peer"), rs.getString("route_id"),
                rs.getString("dossier_code"), rs.getInt("sequence"), rs.getString("reason_code"), rs.getString("reason"),
                rs.getString("payload"), rs.getString("state"), rs.getObject("parked_at", OffsetDateTime.class),
                rs.getObject("resolved_at", OffsetDateTime.class), rs.getString("resolved_by"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
