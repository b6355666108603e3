package vn.gov.lgsp.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.DossierEvent;

/**
 * Dossier events as they travel on our queues and rest in the ledger: canonical JSON, without attachment bytes,
 * written once when the event is accepted.
 */
@Component
public class EventJson {

    private final ObjectMapper json;

    public EventJson(ObjectMapper json) {
        this.json = json;
    }

    public String write(DossierEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise dossier event " + event.eventId(), e);
        }
    }
}
