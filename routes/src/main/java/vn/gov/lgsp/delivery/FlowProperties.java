package vn.gov.lgsp.delivery;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.core.env.Environment;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * How one peer flow delivers, under {@code app.flows.<flow>}: every flow has the same keys.
 *
 * @param consumers        concurrent consumers of the flow's queue (dossiers in parallel, each in order)
 * @param batch            most steps, each of another dossier, sent in one call, for a peer whose contract takes
 *                         several (the portal); 1 for any other. Bounded by {@code consumers}: each holds one step
 * @param maxAttempts      deliveries of one message (each after a roll-back) before its step is parked
 * @param gapTimeout       how long a step waits for a missing predecessor before both are parked
 * @param gapCheckInterval how often the flow's watch looks for such steps
 * @param retry            broker redelivery of a message whose delivery failed (survives restarts)
 * @param inPlace          quick retries of a failed call or delivery before its message is rolled back
 * @param circuitBreaker   when the peer counts as down, and how it is tried again
 */
public record FlowProperties(
        @Min(1) @Max(64) @DefaultValue("4") int consumers,
        @Min(1) @Max(500) @DefaultValue("1") int batch,
        @Min(1) @DefaultValue("20") int maxAttempts,
        @NotNull @DefaultValue("30m") Duration gapTimeout,
        @NotNull @DefaultValue("30s") Duration gapCheckInterval,
        @NotNull @Valid @DefaultValue Retry retry,
        @NotNull @Valid @DefaultValue InPlace inPlace,
        @NotNull @Valid @DefaultValue CircuitBreaker circuitBreaker) {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    /** Broker redelivery: a rolled-back message comes back after an exponentially growing, jittered delay. */
    public record Retry(
            @NotNull @DefaultValue("1s") Duration initialDelay,
            @DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
            @NotNull @DefaultValue("5m") Duration maxDelay,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.3") double jitter) {
    }

    /**
     * A flaky peer fails one call now and answers the next: a failed call is tried again at once, a few times, when
     * repeating it is harmless (and a delivery whose call the peer may have acted on is tried again after finding
     * out), before the message goes back to the broker (whose redelivery waits seconds to minutes).
     *
     * @param attempts     tries of one call, or of one delivery, in place, the first included (1: none)
     * @param initialDelay pause before the second try, doubled before each further one, with jitter up to as much
     */
    public record InPlace(
            @Min(1) @Max(10) @DefaultValue("3") int attempts,
            @NotNull @DefaultValue("5ms") Duration initialDelay) {
    }

    /**
     * Counts single calls to the peer. It opens when most calls fail (a peer that is down), not when some do (a
     * peer that is merely flaky); while it is open the flow's consumers are suspended and the queue waits.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param minimumCalls         calls in the window before the rate counts
     * @param slidingWindow        calls the rate is taken over
     * @param openFor              how long the queue waits before trial calls
     * @param trialCalls           calls let through half-open; enough to tell flaky from down
     */
    public record CircuitBreaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
            @Min(1) @DefaultValue("20") int minimumCalls,
            @Min(1) @DefaultValue("50") int slidingWindow,
            @NotNull @DefaultValue("30s") Duration openFor,
            @Min(1) @DefaultValue("10") int trialCalls) {
    }

    /**
     * Binds and validates {@code app.flows.<flow>}; a wrong value stops the start with a message naming the key,
     * as for every {@code @ConfigurationProperties} class.
     */
    public static FlowProperties bind(Environment environment, String flow) {
        String prefix = "app.flows." + flow;
        // Round 1's name of the key: an overlay that still sets it would otherwise be ignored without a word.
        if (environment.containsProperty(prefix + ".max-delivery-attempts")) {
            throw new IllegalStateException(prefix + ".max-delivery-attempts is now " + prefix + ".max-attempts");
        }
        return Binder.get(environment).bindOrCreate(prefix, Bindable.of(FlowProperties.class),
                new ValidationBindHandler(new SpringValidatorAdapter(VALIDATION.getValidator())));
    }
}
