package vn.gov.lgsp.signatures;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.signature.SigningKey;

/**
 * Tells operators how many trust anchors this node verifies against, whose key it signs with and how long that
 * certificate has left. An expired signing certificate is DOWN; no trust anchor is a warning (the portal flow
 * needs none, but nothing signed can be accepted until the roots are configured).
 */
@Component("signaturesHealthIndicator")
public class SignatureHealth implements HealthIndicator {

    /** A certificate this close to expiry is reported so that renewal starts in time. */
    private static final Duration RENEWAL_WARNING = Duration.ofDays(30);

    private final Signatures signatures;

    public SignatureHealth(Signatures signatures) {
        this.signatures = signatures;
    }

    @Override
    public Health health() {
        int anchors = signatures.certificates().anchorCount();
        SigningKey signing = signatures.signingKey().orElse(null);
        if (signing == null) {
            return withAnchors(Health.up(), anchors)
                    .withDetail("signing", "no signing key configured: this node verifies but does not sign").build();
        }
        Instant notAfter = signing.certificate().getNotAfter().toInstant();
        Duration left = Duration.between(Instant.now(), notAfter);
        Health.Builder health = withAnchors(left.isNegative() ? Health.down() : Health.up(), anchors);
        health
                .withDetail("subject", signing.certificate().getSubjectX500Principal().getName())
                .withDetail("issuer", signing.certificate().getIssuerX500Principal().getName())
                .withDetail("notAfter", notAfter.toString())
                .withDetail("daysLeft", left.toDays());
        if (!left.isNegative() && left.compareTo(RENEWAL_WARNING) < 0) {
            health.withDetail("warning", "the signing certificate expires in less than " + RENEWAL_WARNING.toDays() + " days");
        }
        return health.build();
    }

    private static Health.Builder withAnchors(Health.Builder health, int anchors) {
        health.withDetail("trustAnchors", anchors);
        return anchors > 0 ? health
                : health.withDetail("trustWarning", "no trust anchor configured (app.signatures.trust-dirs): "
                        + "every signature received will fail its chain check");
    }
}
