/**
 * The one-stop software (Hệ thống thông tin một cửa điện tử) as a peer we call: callbacks carrying news of its
 * dossiers back to the instance that sent them.
 *
 * <p>Specification: the project's own callback contract (shared DOMAIN.md section 4.1): {@code POST} to the
 * instance's {@code callback-url}, JSON body, {@code X-Signature} = lowercase hex HMAC-SHA256 of the raw body keyed
 * with that instance's API key; any 2xx acknowledges.
 */
package vn.gov.lgsp.adapters.onestop;
