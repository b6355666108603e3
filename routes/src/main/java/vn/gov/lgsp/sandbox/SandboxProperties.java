package vn.gov.lgsp.sandbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The simulated peers of the default run.
 *
 * @param enabled        start the simulated peers and the sample feeder (false in the production profile)
 * @param portalPort     loopback port of the simulated national portal
 * @param sampleDossiers how many sample dossiers the feeder sends at start
 */
@Validated
@ConfigurationProperties("app.sandbox")
public record SandboxProperties(
        @DefaultValue("false") boolean enabled,
        @Min(0) @Max(65535) @DefaultValue("8091") int portalPort,
        @Min(0) @Max(10000) @DefaultValue("40") int sampleDossiers,
        @Min(1) @Max(64) @DefaultValue("4") int feederThreads) {
}
