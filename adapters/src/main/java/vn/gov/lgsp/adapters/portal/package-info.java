/**
 * National public service portal (Cổng Dịch vụ công Quốc gia) adapter.
 *
 * <p>Specification: the portal's one-stop integration services as issued to connecting provinces
 * (session login, {@code TraCuuHoSo}, {@code DongBoHoSoMC}, {@code CapNhatTienDoHoSoMC}), in the project's
 * reference version (shared DOMAIN.md section 5). Dates are {@code yyyyMMddHHmmss}, Vietnam time.
 */
package vn.gov.lgsp.adapters.portal;
