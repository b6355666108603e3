package vn.gov.lgsp.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/** Structured JSON logs (Spring Boot's ECS format) and plain ones mask identifiers and phones alike. */
class MaskingLogEncoderTest {

    @Test
    void jsonLinesCarryTheMessageMasked() throws Exception {
        String line = encode("ecs", null);

        assertThat(new ObjectMapper().readTree(line).path("message").asText())
                .isEqualTo("Applicant *********789 phone *********321 dossier 000.00.31.H56-261116-0001");
    }

    @Test
    void plainLinesCarryTheMessageMasked() {
        assertThat(encode(null, "%level %m%n")).isEqualTo(
                "INFO Applicant *********789 phone *********321 dossier 000.00.31.H56-261116-0001\n");
    }

    @Test
    void anExceptionsMessagesAreMaskedToo() {
        String line = encode(null, "%m %ex%n", new IllegalArgumentException("bad idNumber 001090012345",
                new IllegalStateException("phone 0912345678 refused")));

        assertThat(line).contains("bad idNumber *********345").contains("phone *******678 refused")
                .doesNotContain("001090012345").doesNotContain("0912345678");
    }

    private static String encode(String structuredFormat, String pattern) {
        return encode(structuredFormat, pattern, null);
    }

    private static String encode(String structuredFormat, String pattern, Throwable thrown) {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        context.setMDCAdapter(new LogbackMDCAdapter());
        MaskingLogEncoder encoder = new MaskingLogEncoder();
        encoder.setContext(context);
        encoder.setStructuredFormat(structuredFormat);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("vn.gov.lgsp.audit"), Level.INFO,
                "Applicant {} phone {} dossier {}", null, new Object[] {"079123456789", "+84987654321",
                "000.00.31.H56-261116-0001"});
        if (thrown != null) {
            event.setThrowableProxy(new ThrowableProxy(thrown));
        }
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
