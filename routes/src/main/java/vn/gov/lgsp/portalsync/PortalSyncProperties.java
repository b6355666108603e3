package vn.gov.lgsp.portalsync;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dossier → national portal flow.
 *
 * @param consumers           concurrent consumers of the portal queue (dossiers in parallel, each in order)
 * @param gapTimeout          how long a step waits for a missing predecessor before both are parked
 * @param gapCheckInterval    how often waiting steps are checked against {@code gapTimeout}
 * @param maxDeliveryAttempts after this many transient failures of one message its step is parked
 */
@Validated
@ConfigurationProperties("app.flows.portal-sync")
public record PortalSyncProperties(
        @Min(1) @Max(64) @DefaultValue("4") int consumers,
        @NotNull @DefaultValue("30m") Duration gapTimeout,
        @NotNull @DefaultValue("30s") Duration gapCheckInterval,
        @Min(1) @DefaultValue("20") int maxDeliveryAttempts,
        @NotNull @Valid @DefaultValue Retry retry,
        @NotNull @Valid @DefaultValue CircuitBreaker circuitBreaker) {

    /** Broker redelivery of a message whose delivery failed transiently. */
    public record Retry(
            @NotNull @DefaultValue("1s") Duration initialDelay,
            @DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
            @NotNull @DefaultValue("5m") Duration maxDelay,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.3") double jitter) {
    }

    /**
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param openFor              how long the queue waits before trial calls
     */
    public record CircuitBreaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
            @Min(1) @DefaultValue("10") int minimumCalls,
            @Min(1) @DefaultValue("20") int slidingWindow,
            @NotNull @DefaultValue("30s") Duration openFor,
            @Min(1) @DefaultValue("3") int trialCalls) {
    }
}
