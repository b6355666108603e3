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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
                return OffsetDateTime.parse(p.getText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw ctxt.weirdStringException(p.getText(), OffsetDateTime.class,
                        "must be an ISO-8601 time with its offset, e.g. 2026-11-20T08:15:00+07:00");
            }
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
