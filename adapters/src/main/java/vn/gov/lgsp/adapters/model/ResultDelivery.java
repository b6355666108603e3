package vn.gov.lgsp.adapters.model;

/** How the result is returned to the applicant (hình thức nhận kết quả). */
public enum ResultDelivery {
    COUNTER,
    POSTAL,
    ELECTRONIC
}
