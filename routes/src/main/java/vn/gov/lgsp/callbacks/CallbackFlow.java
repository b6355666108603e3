package vn.gov.lgsp.callbacks;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.onestop.CallbackClient;
import vn.gov.lgsp.config.AccessProperties;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.PeerFlow;
import vn.gov.lgsp.delivery.Step;
import vn.gov.lgsp.ledger.PeerSteps;

/**
 * News of a dossier reaches the one-stop instance that sent its events, in the order it happened, each callback
 * acknowledged once (the receiver drops repeats by {@code callbackId}). A receiver that is down holds only this flow.
 */
@Component
public class CallbackFlow implements PeerFlow<OnestopCallback> {

    public static final String PEER = CallbackClient.PEER;

    private final FlowDefinition definition;
    private final CallbackClient client;
    private final AccessProperties access;

    public CallbackFlow(@Qualifier(CallbackFlowConfiguration.DEFINITION) FlowDefinition definition, CallbackClient client,
                        AccessProperties access) {
        this.definition = definition;
        this.client = client;
        this.access = access;
    }

    @Override
    public FlowDefinition definition() {
        return definition;
    }

    @Override
    public Class<OnestopCallback> messageType() {
        return OnestopCallback.class;
    }

    @Override
    public Step step(OnestopCallback message) {
        return new Step(message.callback().dossierCode(), message.sequence(), message.callback().callbackId(), 0,
                message.callback().occurredAt());
    }

    /** The address and key are read when sending, so that a changed {@code callback-url} applies to what waits. */
    @Override
    public void deliver(OnestopCallback message, PeerSteps.NextStep position, boolean peerMayHaveIt) {
        AccessProperties.Client recipient = access.onestop().clients().get(message.recipient());
        if (recipient == null || recipient.callbackUrl() == null) {
            throw new PeerRejectedException("callbacks.rejected.no-recipient", "one-stop client " + message.recipient()
                    + " is no longer configured with a callback-url");
        }
        client.deliver(recipient.callbackUrl(), recipient.apiKey(), message.callback());
    }
}
