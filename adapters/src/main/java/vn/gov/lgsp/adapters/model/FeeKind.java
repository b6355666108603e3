package vn.gov.lgsp.adapters.model;

/** Phí (a fee for a service) or lệ phí (a charge fixed by law). */
public enum FeeKind {
    FEE,
    CHARGE
}
