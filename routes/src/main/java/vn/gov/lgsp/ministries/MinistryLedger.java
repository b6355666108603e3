package vn.gov.lgsp.ministries;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.InterAgencyDocument;
import vn.gov.lgsp.adapters.model.MinistryReply;

/**
 * What the middleware knows of each inter-agency chain: the chain itself, each step's signed package (kept as sent),
 * the ministry's receipt, status and result, and the replies received with the receipts that answered them.
 */
@Component
public class MinistryLedger {

    public enum ChainState {
        RUNNING,
        /** The last ministry approved. */
        COMPLETED,
        /** A ministry refused: nothing more is sent. */
        REFUSED,
        /** The one-stop software refused, stopped or withdrew the dossier (status 3, 7, 8): nothing more is sent. */
        STOPPED
    }

    public record ChainRow(String dossierCode, String chainName, String procedureCode, String eventId, int steps,
                           ChainState state) {
    }

    /** One step's package as it was signed, with what travels beside it. */
    public record PackageRow(String messageId, String dossierCode, int stepNo, String agency, byte[] signedPackage,
                             String parts, OffsetDateTime dueAt, String receiptId) {
    }

    private final JdbcTemplate jdbc;

    public MinistryLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ChainRow> chain(String dossierCode) {
        return jdbc.query("select dossier_code, chain_name, procedure_code, event_id, steps, state from ministry_chain "
                        + "where dossier_code = ?", (rs, i) -> new ChainRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), ChainState.valueOf(rs.getString(6))), dossierCode)
                .stream().findFirst();
    }

    /** @return false when the dossier's chain was started before */
    public boolean startChain(String dossierCode, String chainName, String procedureCode, String eventId, int steps) {
        return jdbc.update("insert into ministry_chain (dossier_code, chain_name, procedure_code, event_id, steps, state, "
                        + "started_at) values (?,?,?,?,?,?,?) on conflict do nothing", dossierCode, chainName, procedureCode,
                eventId, steps, ChainState.RUNNING.name(), now()) == 1;
    }

    /** Ends a running chain; a chain that ended before keeps its first ending. */
    public void endChain(String dossierCode, ChainState state, String reason) {
        jdbc.update("update ministry_chain set state = ?, ended_at = ?, end_reason = ? where dossier_code = ? and state = ?",
                state.name(), now(), reason.length() > 500 ? reason.substring(0, 500) : reason, dossierCode,
                ChainState.RUNNING.name());
    }

    public void recordPackage(String messageId, String dossierCode, int stepNo, String agency, byte[] signedPackage,
                              String parts, OffsetDateTime dueAt) {
        jdbc.update("insert into ministry_package (message_id, dossier_code, step_no, agency, signed_package, parts, "
                + "created_at, due_at) values (?,?,?,?,?,?,?,?)", messageId, dossierCode, stepNo, agency, signedPackage,
                parts, now(), dueAt);
    }

    public Optional<PackageRow> packageOf(String messageId) {
        return jdbc.query("select message_id, dossier_code, step_no, agency, signed_package, parts, due_at, receipt_id "
                        + "from ministry_package where message_id = ?", (rs, i) -> new PackageRow(rs.getString(1),
                        rs.getString(2), rs.getInt(3), rs.getString(4), rs.getBytes(5), rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class), rs.getString(8)), messageId)
                .stream().findFirst();
    }

    public void recordReceipt(String messageId, String receiptId, byte[] receipt) {
        jdbc.update("update ministry_package set sent_at = ?, receipt_id = ?, receipt = ? where message_id = ? "
                + "and receipt_id is null", now(), receiptId, receipt, messageId);
    }

    /** The documents of the results received so far for the dossier, in chain order. */
    public List<ResultDocument> resultDocuments(String dossierCode) {
        return jdbc.query("select d.agency, d.document_id, d.name, d.media_type, d.size, d.sha256 from ministry_document d "
                        + "join ministry_package p on p.result_message_id = d.message_id where d.dossier_code = ? "
                        + "order by p.step_no, d.document_id",
                (rs, i) -> new ResultDocument(rs.getString(1), new InterAgencyDocument(rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6))), dossierCode);
    }

    /** A ministry's result document. */
    public record ResultDocument(String agency, InterAgencyDocument document) {
    }

    /** What was recorded of a message received before: its digest and the receipt that answered it. */
    public record Received(String sha256, byte[] receipt) {
    }

    public Optional<Received> received(String sender, String messageId) {
        return jdbc.query("select sha256, receipt from ministry_message where sender = ? and message_id = ?",
                (rs, i) -> new Received(rs.getString(1), rs.getBytes(2)), sender, messageId).stream().findFirst();
    }

    /** Records the reply (inside the caller's transaction) and moves its package's status or outcome. */
    public void recordReply(MinistryReply reply, String sha256, byte[] signedPackage, byte[] receipt) {
        OffsetDateTime now = now();
        jdbc.update("insert into ministry_message (sender, message_id, kind, dossier_code, in_reply_to, reply_value, note, "
                        + "sha256, signed_package, receipt, received_at) values (?,?,?,?,?,?,?,?,?,?,?)", reply.sender(),
                reply.messageId(), reply.kind().name(), reply.dossierCode(), reply.inReplyTo(), reply.value(), reply.note(),
                sha256, signedPackage, receipt, now);
        if (reply.kind() == MinistryReply.Kind.STATUS) {
            jdbc.update("update ministry_package set status = ?, status_at = ? where message_id = ?", reply.value(), now,
                    reply.inReplyTo());
        } else {
            jdbc.update("update ministry_package set outcome = ?, result_message_id = ?, result_at = ? where message_id = ? "
                    + "and result_message_id is null", reply.value(), reply.messageId(), now, reply.inReplyTo());
        }
    }

    public void recordDocument(MinistryReply reply, InterAgencyDocument document) {
        jdbc.update("insert into ministry_document (message_id, document_id, dossier_code, agency, name, media_type, size, "
                        + "sha256) values (?,?,?,?,?,?,?,?)", reply.messageId(), document.id(), reply.dossierCode(),
                reply.sender(), document.name(), document.mediaType(), document.size(), document.sha256());
    }

    /** Whether the package already has a result (a second result for one package is ignored). */
    public boolean hasResult(String messageId, String resultMessageId) {
        return jdbc.queryForObject("select count(*) from ministry_package where message_id = ? and result_message_id is not "
                + "null and result_message_id <> ?", Integer.class, messageId, resultMessageId) > 0;
    }

    /** The dossier event (as JSON) that started a chain: the dossier as every package of the chain describes it. */
    public String startingEvent(String eventId) {
        return jdbc.queryForObject("select payload from inbound_event where event_id = ?", String.class, eventId);
    }

    /** Chain steps past their due time without a result, of chains still running. */
    public int overdueSteps() {
        Integer n = jdbc.queryForObject("select count(*) from ministry_package p join ministry_chain c on c.dossier_code = "
                + "p.dossier_code where p.result_at is null and p.due_at < ? and c.state = ?", Integer.class, now(),
                ChainState.RUNNING.name());
        return n == null ? 0 : n;
    }

    /** A step (p) of a chain (c) is overdue: no result by its due time, or a result after it. The one parameter: now. */
    private static final String OVERDUE = "(p.result_at is null and p.due_at < ? and c.state = 'RUNNING') "
            + "or (p.result_at is not null and p.result_at > p.due_at)";

    /**
     * How many overdue steps each dossier's chain has, of steps made since {@code since} (dossiers without any left
     * out), for the scorecard.
     */
    public Map<String, Integer> overdueStepsByDossier(OffsetDateTime since) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query("select p.dossier_code, count(*) from ministry_package p join ministry_chain c on c.dossier_code = "
                + "p.dossier_code where p.created_at >= ? and (" + OVERDUE + ") group by p.dossier_code",
                rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                }, since, now());
        return counts;
    }

    /** The dossier's chain and each step, for operators and the dossier view. */
    public Map<String, Object> viewOf(String dossierCode) {
        List<Map<String, Object>> chains = jdbc.queryForList("select chain_name, state, steps, started_at, ended_at, "
                + "end_reason from ministry_chain where dossier_code = ?", dossierCode);
        if (chains.isEmpty()) {
            return Map.of();
        }
        List<Map<String, Object>> steps = jdbc.queryForList("select p.step_no, p.agency, p.message_id, p.created_at, "
                + "p.due_at, p.sent_at, p.receipt_id, p.status, p.status_at, p.outcome, p.result_at, "
                + "case when " + OVERDUE + " then true else false end as overdue "
                + "from ministry_package p join ministry_chain c on c.dossier_code = p.dossier_code "
                + "where p.dossier_code = ? order by p.step_no", now(), dossierCode);
        Map<String, Object> view = new LinkedHashMap<>(chains.get(0));
        view.put("stepsSent", steps);
        return view;
    }

    /** How many chains of each name are in each state ({@code birth={COMPLETED=5}}), for the default run's summary. */
    public Map<String, Map<String, Integer>> chainsByNameAndState() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        jdbc.query("select chain_name, state, count(*) from ministry_chain group by chain_name, state", rs -> {
            counts.computeIfAbsent(rs.getString(1), name -> new TreeMap<>()).put(rs.getString(2), rs.getInt(3));
        });
        return counts;
    }

    public int running() {
        return jdbc.queryForObject("select count(*) from ministry_chain where state = ?", Integer.class,
                ChainState.RUNNING.name());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
