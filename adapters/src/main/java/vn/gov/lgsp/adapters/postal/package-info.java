/**
 * The public postal service (bưu chính công ích, DOMAIN 8): OAuth2 client-credentials login, orders, cancellations,
 * tracking pulls, and the signed tracking pushes it sends us. Codes: {@code postal.rejected.<Status>} for the
 * operator's refusals, {@code postal.unreachable}, {@code postal.unavailable}, {@code postal.login-failed}.
 */
package vn.gov.lgsp.adapters.postal;
