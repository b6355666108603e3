/**
 * How a peer failed, as its adapter classifies it. Routes decide on these types, never on message text:
 * a {@link vn.gov.lgsp.adapters.error.PeerTransientException} is retried, a
 * {@link vn.gov.lgsp.adapters.error.PeerRejectedException} is parked at once with the peer's reason.
 * Codes are hierarchical, {@code <peer>.<kind>.<detail>}, e.g. {@code portal.rejected.invalid-transition}.
 */
package vn.gov.lgsp.adapters.error;
