package vn.gov.lgsp.payment;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.model.Channel;
import vn.gov.lgsp.adapters.model.Dossier;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.adapters.model.Fee;
import vn.gov.lgsp.adapters.model.PaymentRequest;
import vn.gov.lgsp.adapters.payment.PaymentClient;
import vn.gov.lgsp.adapters.payment.PaymentProperties;
import vn.gov.lgsp.adapters.payment.VietQr;
import vn.gov.lgsp.config.Hashing;
import vn.gov.lgsp.delivery.DossierEventFlow;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * A dossier that owes fees gets a payment request at the national payment platform (DOMAIN 7): when the one-stop
 * software asks for payment (status 6), or receives an online dossier (status 2). One request per fee set: a new
 * reference only when the fees change or the earlier request failed (refused by the platform, or its payment failed). The one-stop software hears
 * {@code PAYMENT_REQUESTED} with the payment URL and a VietQR payload.
 */
@Component
public class PaymentFlow implements DossierEventFlow {

    public static final String PEER = PaymentClient.PEER;

    private final FlowDefinition definition;
    private final PaymentClient platform;
    private final Payments payments;
    private final PaymentProperties properties;
    private final PaymentSchedule schedule;

    public PaymentFlow(@Qualifier(PaymentFlowConfiguration.DEFINITION) FlowDefinition definition, PaymentClient platform,
                       Payments payments, PaymentProperties properties, PaymentSchedule schedule) {
        this.definition = definition;
        this.platform = platform;
        this.payments = payments;
        this.properties = properties;
        this.schedule = schedule;
    }

    @Override
    public FlowDefinition definition() {
        return definition;
    }

    @Override
    public boolean concerns(DossierEvent event) {
        Dossier dossier = event.dossier();
        return total(dossier) > 0 && (event.status() == DossierStatus.PAYMENT_REQUESTED
                || (event.status() == DossierStatus.RECEIVED && dossier.channel() == Channel.ONLINE));
    }

    @Override
    public boolean concernsEveryStep() {
        return false;
    }

    @Override
    public void deliver(DossierEvent event, PeerSteps.NextStep position, boolean peerMayHaveIt) {
        Dossier dossier = event.dossier();
        String feeSet = feeSet(dossier.fees());
        Step step = step(event);
        Payments.Payment latest = payments.latest(dossier.code(), feeSet).orElse(null);
        if (latest != null && (latest.state() == Payments.State.REQUESTED || latest.state() == Payments.State.PAID)) {
            // Requested before for these fees (this step again, or an earlier one): its news may not have left yet.
            payments.resendRequestNews(step);
            return;
        }
        // A request whose INIT may have reached the platform is sent again under its reference: one payment per reference.
        String reference = latest != null && latest.state() == Payments.State.REQUESTING ? latest.reference()
                : reference(dossier.code(), feeSet, payments.failedRequests(dossier.code(), feeSet));
        long amount = total(dossier);
        payments.requesting(reference, dossier.code(), feeSet, amount);
        PaymentClient.Initiated initiated;
        try {
            initiated = platform.init(new PaymentRequest(dossier.code(), reference, amount, dossier.fees(),
                    dossier.procedureCode(), dossier.procedureName(), dossier.agencyCode(), dossier.applicant().fullName(),
                    dossier.applicant().idNumber()));
        } catch (PeerRejectedException refused) {
            payments.refused(reference, refused.getMessage());
            throw refused;
        }
        String qr = VietQr.payload(properties.qr().bankBin(), properties.qr().account(), amount, reference);
        payments.requested(step, reference, amount, initiated.paymentUrl(), qr, schedule.queryAfter());
    }

    /** Our reference: ASCII, short enough for the VietQR purpose field, the same for the same request. */
    static String reference(String dossierCode, String feeSet, int attempt) {
        return "LG" + Hashing.sha256Hex((dossierCode + "|" + feeSet + "|" + attempt).getBytes(StandardCharsets.UTF_8))
                .substring(0, 18).toUpperCase();
    }

    /** The set of fee codes and amounts, as one value: a change of any fee is a new set. */
    static String feeSet(List<Fee> fees) {
        StringBuilder set = new StringBuilder();
        fees.stream().sorted(Comparator.comparing(Fee::code))
                .forEach(f -> set.append(f.code()).append('=').append(f.amount()).append(';'));
        return Hashing.sha256Hex(set.toString().getBytes(StandardCharsets.UTF_8));
    }

    static long total(Dossier dossier) {
        return dossier.fees().stream().mapToLong(Fee::amount).sum();
    }
}
