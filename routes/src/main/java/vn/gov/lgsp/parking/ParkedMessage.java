package vn.gov.lgsp.parking;

import java.time.OffsetDateTime;

/**
 * A message set aside for an operator, with the reason it could not go on.
 *
 * @param reasonCode hierarchical, e.g. {@code portal.rejected} or {@code portal.sequence.gap-timeout}
 * @param state      {@code OPEN}, {@code REPLAYED}, {@code DISCARDED}, or {@code RELEASED} (resolved by itself)
 */
public record ParkedMessage(long id, String peer, String routeId, String dossierCode, int sequence, String reasonCode,
                            String reason, String payload, String state, OffsetDateTime parkedAt,
                            OffsetDateTime resolvedAt, String resolvedBy) {

    public boolean isOpen() {
        return "OPEN".equals(state);
    }
}
