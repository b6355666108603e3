package vn.gov.lgsp.adapters.model;

/**
 * A shipment the middleware asks the postal operator for: one per dossier and service type.
 *
 * @param codAmount whole VND the post collects on delivery (0 for {@link PostalServiceType#SEND_DOSSIER})
 */
public record PostalOrder(String dossierCode, PostalServiceType serviceType, long codAmount, PostalParty sender,
                          PostalParty receiver, String description) {
}
