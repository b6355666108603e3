package vn.gov.lgsp.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.ledger.PeerSteps;
import vn.gov.lgsp.parking.ParkedMessages;
import vn.gov.lgsp.parking.ParkingFlow;
import vn.gov.lgsp.parking.ParkingFlows;

/** Every peer flow of the middleware, each with its {@link Delivery}; and which flows a dossier event concerns. */
@Component
public class Deliveries implements ParkingFlows {

    /** Steps recorded in one commit at most; the consumers of every flow together bound it anyway. */
    private static final int MAX_SHARED_COMMIT = 64;

    private final List<Delivery<?>> all;
    private final Map<String, Delivery<?>> byPeer;
    private final List<DossierEventFlow> eventFlows;

    public Deliveries(List<PeerFlow<?>> flows, PeerBreakers breakers, PeerSteps steps, ParkedMessages parked,
                      MessageLog messageLog, TransactionTemplate tx, ProducerTemplate producer, ObjectMapper json,
                      FollowUps followUps, MeterRegistry meters) {
        for (PeerFlow<?> flow : flows) {
            if (flow instanceof DossierEventFlow != flow.definition().dossierEvents()) {
                throw new IllegalStateException("flow " + flow.definition().name() + ": a flow is fed by dossier events "
                        + "exactly when it is a DossierEventFlow and its definition says so");
            }
        }
        Delivery.Parts parts = new Delivery.Parts(steps, parked, messageLog, tx, producer, json, followUps, meters,
                new GroupCommit<>("steps", steps::record, MAX_SHARED_COMMIT, meters));
        this.all = flows.stream().<Delivery<?>>map(f -> create(f, breakers.of(f.definition().peer()), parts)).toList();
        this.byPeer = all.stream().collect(Collectors.toMap(Delivery::peer, Function.identity()));
        this.eventFlows = flows.stream().filter(DossierEventFlow.class::isInstance).map(DossierEventFlow.class::cast).toList();
    }

    private static <M> Delivery<M> create(PeerFlow<M> flow, PeerBreaker breaker, Delivery.Parts parts) {
        return new Delivery<>(flow, breaker, parts);
    }

    public List<Delivery<?>> all() {
        return all;
    }

    @Override
    public ParkingFlow flowOf(String peer) {
        Delivery<?> delivery = byPeer.get(peer);
        if (delivery == null) {
            throw new IllegalStateException("no delivery flow for peer " + peer);
        }
        return delivery;
    }

    /**
     * The peers of the flows that this event concerns, as the broker routes on them ({@code ,portal,payment,}):
     * decided once, when the event is accepted, and kept with it.
     */
    public String routingOf(DossierEvent event) {
        StringBuilder marks = new StringBuilder(",");
        for (DossierEventFlow flow : eventFlows) {
            if (flow.concerns(event)) {
                marks.append(flow.definition().peer()).append(',');
            }
        }
        return marks.toString();
    }
}
