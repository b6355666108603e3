package vn.gov.lgsp.adapters.model;

/** Kind of applicant (loại đối tượng). */
public enum ApplicantType {
    CITIZEN,
    ENTERPRISE,
    AGENCY,
    OTHER
}
