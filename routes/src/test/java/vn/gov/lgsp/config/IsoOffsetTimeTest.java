package vn.gov.lgsp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The direct reading of event times must agree with {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} on every input. */
class IsoOffsetTimeTest {

    private static final List<String> ACCEPTED = List.of(
            "2026-11-20T08:15:00+07:00", "2026-11-20T01:15:00Z", "2026-11-20T08:15:00.5+07:00",
            "2026-11-20T08:15:00.123456789-03:30", "2024-02-29T23:59:59+00:00", "2026-11-20T08:15:00-00:00",
            "2026-11-20T08:15+07:00", "2026-11-20T08:15Z", "2026-11-20T23:59-09:30", "2026-11-20T08:15:00+07:00:00",
            "+12026-11-20T08:15:00+07:00",
            "2026-11-20T08:15:00.1234+14:00", "2026-01-01T00:00:00-18:00",
            // the formatter's own leniencies: a point without digits, lower case letters
            "2026-11-20T08:15:00.+07:00", "2026-11-20t08:15:00z");

    private static final List<String> REFUSED = List.of(
            "2026-11-20T08:15:00", "2026-11-20 08:15:00+07:00", "2026-13-20T08:15:00+07:00", "2026-02-30T08:15:00+07:00",
            "2026-11-20T24:00:00+07:00", "2026-11-20T08:60:00+07:00", "2026-11-20T08:15:61+07:00",
            "2026-11-20T08:15:00.1234567890+07:00", "2026-11-20T08:15:00+19:00",
            "2026-11-20T08:15:00+07:60", "2026-11-20T08:15:00+0700", "2026-11-2aT08:15:00+07:00",
            "２０２６-11-20T08:15:00+07:00", "2026-11-20T08:15:00+07:00 ", "", "2026-11-20T08:15:00+07:0x",
            "2025-02-29T08:15:00+07:00", "2026-11-20T08:15.5+07:00", "2026-11-20T08:15:+07:00", "2026-11-20T08:1+07:00",
            "2026-11-20T08:15", "2026-11-20T08:15+7:00", "2026-11-20T08:60+07:00");

    @Test
    void readsWhatTheFormatterReadsAsTheFormatterReadsIt() {
        for (String text : ACCEPTED) {
            assertThat(JsonConfiguration.IsoOffsetTime.parse(text)).as(text)
                    .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
    }

    @Test
    void refusesWhatTheFormatterRefuses() {
        for (String text : REFUSED) {
            assertThatThrownBy(() -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)).as(text)
                    .isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> JsonConfiguration.IsoOffsetTime.parse(text)).as(text)
                    .isInstanceOf(DateTimeException.class);
        }
    }
}
