package vn.gov.lgsp.config;

import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing across intake, queue and peer call, off by default ({@code management.tracing.enabled=true} turns it on):
 * Spring's HTTP observations continue a caller's W3C {@code traceparent}, Camel's OpenTelemetry tracer spans every
 * route and carries the context in the JMS message properties, and each adapter sends it to its peer. Spans leave the
 * node over OTLP only when {@code management.otlp.tracing.endpoint} is set. Camel finds Spring Boot's OpenTelemetry
 * tracer and propagators in the registry.
 */
@Configuration
@ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
public class TracingConfiguration {

    @Bean
    CamelContextConfiguration camelTracing() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                OpenTelemetryTracer tracer = new OpenTelemetryTracer();
                // The flows' watches run every second on a timer: spans of their own would drown the dossiers' traces.
                tracer.setExcludePatterns("timer:*");
                tracer.init(camel);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing to do once started
            }
        };
    }
}
