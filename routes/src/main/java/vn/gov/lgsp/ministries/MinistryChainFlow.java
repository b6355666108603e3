package vn.gov.lgsp.ministries;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.delivery.DossierEventFlow;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.ledger.Outbox;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * Starts and stops inter-agency chains (liên thông) as the one-stop software reports a dossier's progress: a dossier
 * whose procedure has a chain goes to the chain's first ministry when it is first reported received (a second
 * status 2, after a supplement, starts nothing); status 3, 7 or 8 stops it. Later steps follow the ministries'
 * results ({@link MinistryInbox}); each package then travels on its ministry's own flow.
 */
@Component
public class MinistryChainFlow implements DossierEventFlow {

    public static final String PEER = "ministries";

    private final FlowDefinition definition;
    private final MinistryChains chains;
    private final MinistryLedger ledger;
    private final MinistryPackages packages;
    private final MessageLog messageLog;
    private final Outbox outbox;

    public MinistryChainFlow(@Qualifier(MinistryFlowConfiguration.CHAIN_DEFINITION) FlowDefinition definition,
                             MinistryChains chains, MinistryLedger ledger, MinistryPackages packages,
                             MessageLog messageLog, Outbox outbox) {
        this.definition = definition;
        this.chains = chains;
        this.ledger = ledger;
        this.packages = packages;
        this.messageLog = messageLog;
        this.outbox = outbox;
    }

    @Override
    public FlowDefinition definition() {
        return definition;
    }

    @Override
    public boolean concerns(DossierEvent event) {
        return switch (event.status()) {
            case RECEIVED, REFUSED, WITHDRAWN, STOPPED -> chains.forProcedure(event.dossier().procedureCode()).isPresent();
            default -> false;
        };
    }

    @Override
    public boolean concernsEveryStep() {
        return false;
    }

    @Override
    public void deliver(DossierEvent event, PeerSteps.NextStep position, boolean peerMayHaveIt) {
        if (event.status() != DossierStatus.RECEIVED) {
            ledger.endChain(event.dossierCode(), MinistryLedger.ChainState.STOPPED,
                    "the one-stop software reported status " + event.status().code() + " (" + event.status() + ")");
            return;
        }
        MinistryChains.Named chain = chains.forProcedure(event.dossier().procedureCode()).orElseThrow();
        AtomicReference<Outbox.Made> first = new AtomicReference<>();
        messageLog.inTransaction(() -> {
            first.set(ledger.startChain(event.dossierCode(), chain.name(), event.dossier().procedureCode(),
                    event.eventId(), chain.steps().size()) ? packages.decide(chain, 1, event) : null);
            return List.of();
        });
        if (first.get() != null) {
            outbox.send(first.get());
        } else {
            // Started before: this is a repeat, or a later status 2; what was decided may not have been queued.
            packages.resend(event.dossierCode());
        }
    }
}
