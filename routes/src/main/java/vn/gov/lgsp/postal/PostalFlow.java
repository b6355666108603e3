package vn.gov.lgsp.postal;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.model.Callback;
import vn.gov.lgsp.adapters.model.Channel;
import vn.gov.lgsp.adapters.model.Dossier;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.adapters.model.Fee;
import vn.gov.lgsp.adapters.model.PostalOrder;
import vn.gov.lgsp.adapters.model.PostalParty;
import vn.gov.lgsp.adapters.model.PostalServiceType;
import vn.gov.lgsp.adapters.model.ResultDelivery;
import vn.gov.lgsp.adapters.model.ShipmentReport;
import vn.gov.lgsp.adapters.model.ShipmentStatus;
import vn.gov.lgsp.adapters.postal.PostalClient;
import vn.gov.lgsp.adapters.postal.PostalRefusedException;
import vn.gov.lgsp.delivery.DossierEventFlow;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.ledger.PeerSteps;
import vn.gov.lgsp.payment.Payments;

/**
 * The public postal service carries what the applicant chose to send or receive by post (DOMAIN 8): a dossier
 * submitted by post is picked up from the applicant when it is received; a result to be delivered by post is taken
 * to the applicant when the dossier is processed, with the fees not paid online collected on delivery; a withdrawn or
 * stopped dossier's open shipments are cancelled. One order per dossier and service type, however often a step
 * comes back; the one-stop software hears {@code POSTAL_ORDER} or {@code POSTAL_ORDER_REFUSED}.
 */
@Component
public class PostalFlow implements DossierEventFlow {

    public static final String PEER = PostalClient.PEER;
    static final String AGENCY_ADDRESS_MISSING = "postal.agency-address-missing";

    private final FlowDefinition definition;
    private final PostalClient postal;
    private final PostalShipments shipments;
    private final AgencyAddresses agencies;
    private final Payments payments;

    public PostalFlow(@Qualifier(PostalFlowConfiguration.DEFINITION) FlowDefinition definition, PostalClient postal,
                      PostalShipments shipments, AgencyAddresses agencies, Payments payments) {
        this.definition = definition;
        this.postal = postal;
        this.shipments = shipments;
        this.agencies = agencies;
        this.payments = payments;
    }

    @Override
    public FlowDefinition definition() {
        return definition;
    }

    @Override
    public boolean concerns(DossierEvent event) {
        Dossier dossier = event.dossier();
        boolean sendsByPost = dossier.channel() == Channel.POSTAL;
        boolean returnsByPost = dossier.resultDelivery() == ResultDelivery.POSTAL;
        return switch (event.status()) {
            case SUBMITTED_ONLINE, RECEIVED -> sendsByPost;
            case PROCESSED -> returnsByPost;
            case WITHDRAWN, STOPPED -> sendsByPost || returnsByPost;
            default -> false;
        };
    }

    @Override
    public boolean concernsEveryStep() {
        return false;
    }

    @Override
    public void deliver(DossierEvent event, PeerSteps.NextStep position, boolean peerMayHaveIt) {
        PostalServiceType serviceType = serviceTypeOf(event.status());
        if (serviceType != null) {
            order(event, serviceType, peerMayHaveIt);
        } else {
            cancelOpenShipments(event);
        }
    }

    @Override
    public List<Callback> whenRejected(DossierEvent event, PeerRejectedException rejected) {
        PostalServiceType serviceType = serviceTypeOf(event.status());
        return rejected instanceof PostalRefusedException refused && serviceType != null
                ? List.of(Callback.postalOrderRefused(event.dossierCode(), serviceType, refused.status(),
                        refused.operatorMessage()))
                : List.of();
    }

    private void order(DossierEvent event, PostalServiceType serviceType, boolean peerMayHaveIt) {
        if (shipments.order(event.dossierCode(), serviceType).isPresent()) {
            // Ordered before (this step again, or an earlier one of the dossier): the news may not have left yet.
            shipments.resendOrderNews(step(event));
            return;
        }
        PostalOrder order = orderOf(event, serviceType);
        List<ShipmentReport> placed = peerMayHaveIt ? placedBefore(event.dossierCode()) : List.of();
        String itemCode = placed.isEmpty() ? postal.order(order) : placed.get(0).itemCode();
        shipments.recordOrder(step(event), serviceType, itemCode, order.codAmount());
        // The statuses the operator reported while we did not know the item code (refused, or pushed while we were down).
        placed.forEach(report -> shipments.apply(report, PostalShipments.LearnedBy.PULL, null));
    }

    /**
     * The history of the shipment an earlier attempt placed without our hearing the answer (empty when there is
     * none): the one under the dossier's number that none of our orders has.
     */
    private List<ShipmentReport> placedBefore(String dossierCode) {
        List<String> known = shipments.orders(dossierCode).stream().map(PostalShipments.Order::itemCode).toList();
        List<ShipmentReport> unknown = postal.track(dossierCode).stream().filter(r -> !known.contains(r.itemCode())).toList();
        return unknown.isEmpty() ? List.of()
                : unknown.stream().filter(r -> r.itemCode().equals(unknown.get(0).itemCode())).toList();
    }

    private void cancelOpenShipments(DossierEvent event) {
        for (PostalShipments.Order order : shipments.orders(event.dossierCode())) {
            if (order.status() == null || !order.status().ends()) {
                postal.cancel(event.dossierCode(), order.itemCode());
                shipments.apply(new ShipmentReport(order.itemCode(), event.dossierCode(), ShipmentStatus.CANCELLED,
                        OffsetDateTime.now(Callback.VIETNAM), "", order.collectedAmount()),
                        PostalShipments.LearnedBy.CANCEL, null);
            }
        }
    }

    private PostalOrder orderOf(DossierEvent event, PostalServiceType serviceType) {
        Dossier dossier = event.dossier();
        PostalParty agency = agencies.of(dossier.agencyCode()).orElseThrow(() -> new PeerRejectedException(
                AGENCY_ADDRESS_MISSING, "agency " + dossier.agencyCode() + " has no row in the agency address table "
                + "(app.flows.postal.agency-addresses)"));
        PostalParty applicant = new PostalParty(dossier.applicant().fullName(), dossier.applicant().phone(),
                dossier.applicant().address(), "");
        return switch (serviceType) {
            case SEND_DOSSIER -> new PostalOrder(dossier.code(), serviceType, 0, applicant, agency,
                    "Hồ sơ " + dossier.code() + ": " + dossier.procedureName());
            case RETURN_RESULT -> new PostalOrder(dossier.code(), serviceType, unpaidFees(dossier), agency, applicant,
                    "Kết quả hồ sơ " + dossier.code() + ": " + dossier.procedureName());
        };
    }

    /** Fees still to collect on delivery, in whole VND: what was paid online is not collected again. */
    private long unpaidFees(Dossier dossier) {
        long owed = dossier.fees().stream().mapToLong(Fee::amount).sum();
        return Math.max(0, owed - payments.paid(dossier.code()));
    }

    private static PostalServiceType serviceTypeOf(DossierStatus status) {
        return switch (status) {
            case SUBMITTED_ONLINE, RECEIVED -> PostalServiceType.SEND_DOSSIER;
            case PROCESSED -> PostalServiceType.RETURN_RESULT;
            default -> null;
        };
    }
}
