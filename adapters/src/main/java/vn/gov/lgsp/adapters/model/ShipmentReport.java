package vn.gov.lgsp.adapters.model;

import java.time.OffsetDateTime;

/**
 * What the postal operator reports of one shipment, pushed to us or learned by a pull.
 *
 * @param orderNumber     the dossier code the order was placed under
 * @param collectedAmount whole VND collected from the applicant so far (0 before delivery)
 */
public record ShipmentReport(String itemCode, String orderNumber, ShipmentStatus status, OffsetDateTime statusTime,
                             String location, long collectedAmount) {
}
