package vn.gov.lgsp.intake;

import jakarta.validation.Valid;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.web.ApiKeyFilter;
import vn.gov.lgsp.web.ConflictException;
import vn.gov.lgsp.web.InvalidRequestException;
import vn.gov.lgsp.web.ServiceUnavailableException;

/** {@code POST /api/v1/dossier-events}: the one-stop software reports a processing step of a dossier. */
@RestController
public class DossierEventController {

    private final ProducerTemplate producer;

    public DossierEventController(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Answered 202 only once the event is on a persistent queue. */
    @PostMapping(path = "/api/v1/dossier-events", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> accept(@Valid @RequestBody DossierEvent event,
                                                      @RequestAttribute(ApiKeyFilter.CALLER) String caller) {
        InboundEvents.Receipt receipt;
        try {
            receipt = producer.requestBodyAndHeader(DossierIntakeRoute.ENDPOINT, event, DossierIntakeRoute.CALLER, caller,
                    InboundEvents.Receipt.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof ConflictException || e.getCause() instanceof InvalidRequestException) {
                throw (RuntimeException) e.getCause();
            }
            throw new ServiceUnavailableException("the event could not be queued yet; send it again",
                    e.getCause());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of(
                "trackingId", receipt.trackingId(), "eventId", receipt.eventId(), "repeated", receipt.repeated()));
    }
}
