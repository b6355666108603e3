package vn.gov.lgsp.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.lgsp.adapters.model.StagedContent;
import vn.gov.lgsp.attachments.AttachmentStore;

/**
 * JSON as the inbound API reads it: strict about types (no string-to-number, float-to-int, number-to-enum or
 * number-to-time guessing), text in Unicode NFC so that the same Vietnamese name is always the same string, no control
 * characters, and attachment content streamed to the attachment store.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictInboundJson(AttachmentStore attachments) {
        return builder -> builder
                .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS, DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .deserializerByType(String.class, new NormalisedText())
                .deserializerByType(OffsetDateTime.class, new IsoOffsetTime())
                .postConfigurer(mapper -> mapper.setInjectableValues(
                        new InjectableValues.Std().addValue(StagedContent.Staging.class, attachments)));
    }

    /** A time as ISO-8601 text with its offset ({@code 2026-11-20T08:15:00+07:00}); epoch numbers are refused. */
    static final class IsoOffsetTime extends StdScalarDeserializer<OffsetDateTime> {

        IsoOffsetTime() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            try {
                return parse(p.getText());
            } catch (DateTimeException e) {
                throw ctxt.weirdStringException(p.getText(), OffsetDateTime.class,
                        "must be an ISO-8601 time with its offset, e.g. 2026-11-20T08:15:00+07:00");
            }
        }

        /**
         * As {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} reads it. The shapes one-stop systems send
         * ({@code yyyy-MM-ddTHH:mm}, then {@code :ss} with a fraction or none, or nothing more as Java's
         * {@code OffsetDateTime.toString()} writes a whole minute; then {@code Z} or {@code ±HH:MM}) are read directly:
         * the formatter took a tenth of a request's time with eight times in each event. Any other shape goes to it.
         */
        static OffsetDateTime parse(String t) {
            int n = t.length();
            if (n >= 17 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T' && t.charAt(13) == ':') {
                boolean withSeconds = t.charAt(16) == ':' && n >= 20;
                int seconds = withSeconds ? number(t, 17, 2) : 0;
                int i = withSeconds ? 19 : 16;
                int nanos = 0;
                boolean fractionWithoutDigits = false;
                if (withSeconds && t.charAt(i) == '.') {
                    int digits = 0;
                    for (i++; i < n && digits < 9 && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++, digits++) {
                        nanos = nanos * 10 + (t.charAt(i) - '0');
                    }
                    for (int d = digits; d < 9; d++) {
                        nanos *= 10;
                    }
                    fractionWithoutDigits = digits == 0;
                }
                ZoneOffset offset = null;
                if (i == n - 1 && t.charAt(i) == 'Z') {
                    offset = ZoneOffset.UTC;
                } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':'
                        && number(t, i + 1, 2) >= 0 && number(t, i + 4, 2) >= 0) {
                    int sign = t.charAt(i) == '-' ? -1 : 1;
                    offset = ZoneOffset.ofHoursMinutes(sign * number(t, i + 1, 2), sign * number(t, i + 4, 2));
                }
                int[] fields = {number(t, 0, 4), number(t, 5, 2), number(t, 8, 2), number(t, 11, 2), number(t, 14, 2),
                    seconds};
                if (offset != null && !fractionWithoutDigits && Arrays.stream(fields).allMatch(f -> f >= 0)) {
                    return OffsetDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], nanos, offset);
                }
            }
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }

        /** The decimal number of {@code length} digits at {@code from}, or -1 if they are not all digits. */
        private static int number(String t, int from, int length) {
            int value = 0;
            for (int i = from; i < from + length; i++) {
                char c = t.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }

    /** A JSON string, in NFC, refused when it holds control characters other than tab and line breaks. */
    static final class NormalisedText extends StdScalarDeserializer<String> {

        NormalisedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String text = p.getText();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                    throw ctxt.weirdStringException(text, String.class, "contains a control character");
                }
            }
            return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
        }
    }
}
