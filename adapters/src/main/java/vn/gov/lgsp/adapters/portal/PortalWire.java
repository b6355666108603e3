package vn.gov.lgsp.adapters.portal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The portal's JSON shapes. Field names are the portal's; they stay inside this package. */
final class PortalWire {

    private PortalWire() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DossierHeader(
            @JsonProperty("MaHoSo") String dossierCode,
            @JsonProperty("MaTTHC") String procedureCode,
            @JsonProperty("TenTTHC") String procedureName,
            @JsonProperty("KenhThucHien") int channel,
            @JsonProperty("ChuHoSo") String applicantName,
            @JsonProperty("LoaiDoiTuong") int applicantType,
            @JsonProperty("SoGiayToChuHoSo") String applicantId,
            @JsonProperty("SoDienThoai") String phone,
            @JsonProperty("Email") String email,
            @JsonProperty("TrichYeuHoSo") String summary,
            @JsonProperty("NgayNopHoSo") String submittedAt,
            @JsonProperty("NgayTiepNhan") String receivedAt,
            @JsonProperty("NgayHenTra") String appointmentAt,
            @JsonProperty("NgayKetThucXuLy") String finishedAt,
            @JsonProperty("NgayTra") String returnedAt,
            @JsonProperty("TrangThaiHoSo") int status,
            @JsonProperty("HinhThuc") int resultDelivery,
            @JsonProperty("DonViXuLy") String processingAgency,
            @JsonProperty("TaiLieuNop") List<SubmittedDocument> documents,
            @JsonProperty("DanhSachLePhi") List<FeeLine> fees,
            @JsonProperty("DanhSachGiayToKetQua") List<ResultDocument> results) {
    }

    record SubmittedDocument(
            @JsonProperty("TepDinhKemId") String id,
            @JsonProperty("TenTepDinhKem") String name,
            @JsonProperty("MaThanhPhanHoSo") String componentCode,
            @JsonProperty("DuongDanTaiTepTin") String downloadUrl) {
    }

    record FeeLine(
            @JsonProperty("TenPhiLePhi") String name,
            @JsonProperty("MaPhiLePhi") String code,
            @JsonProperty("Gia") long amount,
            @JsonProperty("LoaiPhiLePhi") int kind) {
    }

    record ResultDocument(
            @JsonProperty("TenGiayTo") String name,
            @JsonProperty("MaGiayToKetQua") String code,
            @JsonProperty("DuongDanTepTinKetQua") String downloadUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Progress(
            @JsonProperty("MaHoSo") String dossierCode,
            @JsonProperty("NguoiXuLy") String officer,
            @JsonProperty("ChucDanh") String title,
            @JsonProperty("ThoiDiemXuLy") String processedAt,
            @JsonProperty("PhongBanXuLy") String unit,
            @JsonProperty("NoiDungXuLy") String note,
            @JsonProperty("TrangThai") int status,
            @JsonProperty("NgayBatDau") String startedAt,
            @JsonProperty("NgayKetThucTheoQuyDinh") String dueAt) {
    }
}
