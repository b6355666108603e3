package vn.gov.lgsp.delivery;

import java.time.OffsetDateTime;

/**
 * A message's place in its dossier's order at one peer.
 *
 * @param messageId the event id, or the id of the message the middleware made (a callback's)
 * @param status    the dossier status the step reports (0 when it reports none)
 */
public record Step(String dossierCode, int sequence, String messageId, int status, OffsetDateTime occurredAt) {
}
