package vn.gov.lgsp.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.callbacks.Callbacks;
import vn.gov.lgsp.intake.InboundEvents;
import vn.gov.lgsp.ministries.MinistryLedger;
import vn.gov.lgsp.parking.ParkedMessages;
import vn.gov.lgsp.payment.Payments;
import vn.gov.lgsp.postal.PostalShipments;

/**
 * A dossier's journey, as the API and the console show it: what was received, where each peer flow stands, the
 * callbacks sent to the one-stop software (acknowledged, sent and not yet acknowledged, or waiting), its payments
 * (with their receipts), its postal shipments with their tracking, its inter-agency chain (each ministry step with its
 * receipt, status, result and whether it is overdue), what is parked, and the message log with its hash-chain check.
 */
@Component
public class DossierView {

    private final InboundEvents inbound;
    private final PeerSteps steps;
    private final ParkedMessages parked;
    private final MessageLog messageLog;
    private final Callbacks callbacks;
    private final PostalShipments shipments;
    private final Payments payments;
    private final MinistryLedger ministries;

    public DossierView(InboundEvents inbound, PeerSteps steps, ParkedMessages parked, MessageLog messageLog,
                       Callbacks callbacks, PostalShipments shipments, Payments payments, MinistryLedger ministries) {
        this.inbound = inbound;
        this.steps = steps;
        this.parked = parked;
        this.messageLog = messageLog;
        this.callbacks = callbacks;
        this.shipments = shipments;
        this.payments = payments;
        this.ministries = ministries;
    }

    /** Empty when no event of the dossier was received. */
    public Optional<Map<String, Object>> of(String code) {
        List<Map<String, Object>> events = inbound.of(code);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        MessageLog.Chain chain = messageLog.chain(code);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", code);
        view.put("events", events);
        view.put("peers", steps.peersOf(code));
        view.put("steps", steps.stepsOf(code));
        view.put("callbacks", callbacks.of(code));
        view.put("payments", payments.view(code));
        view.put("postal", shipments.view(code));
        view.put("ministries", ministries.viewOf(code));
        view.put("parked", parked.list(null, code, 100, 0));
        view.put("messageLog", Map.of("intact", chain.intact(), "brokenAt", chain.brokenAt() == null ? "" : chain.brokenAt(),
                "entries", chain.entries()));
        return Optional.of(view);
    }
}
