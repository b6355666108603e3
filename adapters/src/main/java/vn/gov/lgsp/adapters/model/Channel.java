package vn.gov.lgsp.adapters.model;

/** How the applicant submitted the dossier (kênh thực hiện). */
public enum Channel {
    /** Trực tiếp, at the one-stop counter. */
    DIRECT,
    /** Trực tuyến. */
    ONLINE,
    /** Qua bưu chính công ích. */
    POSTAL
}
