/**
 * The canonical dossier model: the only thing that crosses between adapters and routes.
 *
 * <p>Identifiers follow Circular 01/2018/TT-VPCP (mã định danh, mã hồ sơ); statuses are the national
 * portal's {@code TrangThaiHoSo} codes. The one-stop event contract ({@code POST /api/v1/dossier-events})
 * is ours and uses these records as they are.
 */
package vn.gov.lgsp.adapters.model;
