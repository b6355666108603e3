package vn.gov.lgsp.adapters.model;

/** What the public postal service (bưu chính công ích) is asked to carry for a dossier. */
public enum PostalServiceType {
    /** The post picks the dossier up from the applicant and brings it to the agency. */
    SEND_DOSSIER,
    /** The post brings the result from the agency to the applicant and collects the unpaid fees. */
    RETURN_RESULT
}
