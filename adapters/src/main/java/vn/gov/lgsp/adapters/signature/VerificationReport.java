package vn.gov.lgsp.adapters.signature;

import java.time.Instant;
import java.util.List;

/**
 * What verifying a signature found, check by check, rather than a yes or no.
 *
 * @param signer      the signer's subject, when a signing certificate was found
 * @param signingTime the signing time the checks were made at: claimed by the signer, time-stamped, or the time of
 *                    verification when the signature names none
 */
public record VerificationReport(String signer, Instant signingTime, List<Check> checks) {

    public enum Outcome {
        PASS,
        FAIL,
        INDETERMINATE
    }

    /**
     * One check: {@code integrity}, {@code signed-properties}, {@code timestamp}, {@code chain}, {@code validity},
     * {@code key-usage}, {@code revocation}.
     */
    public record Check(String name, Outcome outcome, String reason) {
    }

    public VerificationReport {
        checks = List.copyOf(checks);
    }

    /** A report for material that could not even be read as a signature. */
    public static VerificationReport unreadable(String reason) {
        return new VerificationReport(null, null, List.of(new Check("integrity", Outcome.FAIL, reason)));
    }

    /** False for {@link #unreadable} reports: nothing carrying a signer was found to judge. */
    public boolean signatureFound() {
        return signer != null || checks.size() > 1;
    }

    /** Valid only when no check failed; an indeterminate check is decided by policy, not here. */
    public boolean valid() {
        return checks.stream().noneMatch(c -> c.outcome() == Outcome.FAIL);
    }

    public Check check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
