package vn.gov.lgsp.adapters.model;

import java.time.OffsetDateTime;

/**
 * The signed {@code Receipt} that answers every inter-agency message (DOMAIN 6), issued by the side that received it.
 *
 * @param acknowledgedDigest lowercase hex SHA-256 of the {@code SignedPackage} bytes exactly as received
 */
public record InterAgencyReceipt(String messageId, OffsetDateTime issuedAt, String issuer, String acknowledgedMessageId,
                                 String acknowledgedDigest) {
}
