package vn.gov.lgsp.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;
import org.springframework.stereotype.Component;

/** How the console's pages show times (Vietnam time, to the second) and values of any shape. */
@Component("consoleFormat")
public class ConsoleFormat {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(VIETNAM);

    /** A time as operators read it; anything else as its text; nothing as a dash. */
    public String value(Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof OffsetDateTime time) {
            return TIME.format(time);
        }
        if (value instanceof Instant instant) {
            return TIME.format(instant);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return TIME.format(timestamp.toInstant());
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        return String.valueOf(value);
    }

    /** {@code table} for a list of rows, {@code fields} for one row, {@code text} otherwise. */
    public String shape(Object value) {
        if (value instanceof Collection<?> rows && !rows.isEmpty() && rows.iterator().next() instanceof Map) {
            return "table";
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            return "fields";
        }
        return "text";
    }

    /** The column names of a list of rows: those of its first row. */
    public Collection<?> columns(Collection<Map<?, ?>> rows) {
        return rows.iterator().next().keySet();
    }

    /** A hash, shortened for a table cell; the full value stays in the cell's title. */
    public String shortHash(String hash) {
        return hash == null || hash.length() <= 16 ? value(hash) : hash.substring(0, 16) + "…";
    }
}
