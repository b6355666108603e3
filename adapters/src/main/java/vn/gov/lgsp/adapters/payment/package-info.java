/**
 * The national payment platform (DOMAIN 7): INIT, QUERY and GET_BILL out, CONFIRM in, each message hashed with the
 * shared secret. Codes: {@code payment.rejected.<MaLoi>}, {@code payment.unreachable}, {@code payment.unavailable},
 * {@code payment.bad-answer}.
 */
package vn.gov.lgsp.adapters.payment;
