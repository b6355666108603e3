package vn.gov.lgsp.adapters.signature;

import java.util.List;

/**
 * What verifying a signature found, check by check, rather than a yes or no.
 *
 * @param signer the signer's subject, when a signing certificate was found
 */
public record VerificationReport(String signer, List<Check> checks) {

    public enum Outcome {
        PASS,
        FAIL,
        INDETERMINATE
    }

    /** One check: {@code integrity}, {@code chain}, {@code validity}, {@code key-usage}, {@code revocation}. */
    public record Check(String name, Outcome outcome, String reason) {
    }

    public VerificationReport {
        checks = List.copyOf(checks);
    }

    /** Valid only when no check failed; an indeterminate check is decided by policy, not here. */
    public boolean valid() {
        return checks.stream().noneMatch(c -> c.outcome() == Outcome.FAIL);
    }

    public Check check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
