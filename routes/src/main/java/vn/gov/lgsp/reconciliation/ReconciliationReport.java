package vn.gov.lgsp.reconciliation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A day's reconciliation: totals, how many rows had each outcome, how many need an operator, and every row (one per
 * payment or shipment, with at least {@code outcome} and {@code discrepancy}).
 */
public record ReconciliationReport(String kind, LocalDate day, OffsetDateTime generatedAt, Map<String, Long> totals,
                                   Map<String, Integer> counts, int discrepancies, List<Map<String, Object>> rows) {

    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final ObjectMapper ROWS = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A report of {@code rows} (records, read as their JSON fields), counted by their {@code outcome}. */
    public static ReconciliationReport of(String kind, LocalDate day, Map<String, Long> totals, List<?> rows) {
        List<Map<String, Object>> read = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int discrepancies = 0;
        for (Object row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = ROWS.convertValue(row, LinkedHashMap.class);
            read.add(fields);
            counts.merge(String.valueOf(fields.get("outcome")), 1, Integer::sum);
            if (Boolean.TRUE.equals(fields.get("discrepancy"))) {
                discrepancies++;
            }
        }
        return new ReconciliationReport(kind, day, OffsetDateTime.now(VIETNAM), totals, counts, discrepancies, read);
    }

    /** One line per row, the columns in the rows' order, the day first. */
    public String csv() {
        StringBuilder csv = new StringBuilder("day");
        List<String> columns = rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).keySet());
        columns.forEach(c -> csv.append(',').append(c));
        csv.append('\n');
        for (Map<String, Object> row : rows) {
            csv.append(day);
            for (String column : columns) {
                Object value = row.get(column);
                csv.append(',').append(value == null ? "" : cell(String.valueOf(value)));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    private static String cell(String value) {
        return value.matches("[^,\"\\r\\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
