package vn.gov.lgsp.parking;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import vn.gov.lgsp.web.ApiKeyFilter;
import vn.gov.lgsp.web.InvalidRequestException;

/** Operators list, inspect, replay and discard parked messages. */
@RestController
@Validated
public class ParkedMessageController {

    private static final Set<String> STATES = Set.of("OPEN", "REPLAYED", "DISCARDED", "RELEASED");

    private final ParkedMessages parked;
    private final Parking parking;
    private final OperatorActions actions;

    public ParkedMessageController(ParkedMessages parked, Parking parking, OperatorActions actions) {
        this.parked = parked;
        this.parking = parking;
        this.actions = actions;
    }

    /** Open parked messages by default; {@code state=ALL} for every one. */
    @GetMapping("/api/v1/parked")
    public List<ParkedMessage> list(@RequestParam(defaultValue = "OPEN") String state,
                                    @RequestParam(required = false) String dossier,
                                    @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                                    @RequestParam(defaultValue = "0") @Min(0) int offset) {
        if (!state.equals("ALL") && !STATES.contains(state)) {
            throw new InvalidRequestException("state", "must be one of OPEN, REPLAYED, DISCARDED, RELEASED, ALL");
        }
        return parked.list(state.equals("ALL") ? null : state, dossier, limit, offset);
    }

    @GetMapping("/api/v1/parked/{id}")
    public ParkedMessage inspect(@PathVariable long id) {
        return parked.find(id).orElseThrow(() -> notFound(id));
    }

    @PostMapping("/api/v1/parked/{id}/replay")
    public Map<String, Object> replay(@PathVariable long id, @RequestParam(required = false) @Size(max = 2000) String comment,
                                      @RequestAttribute(ApiKeyFilter.CALLER) String operator) {
        return resolved(id, parking.replay(id, operator, comment).orElseThrow(() -> notFound(id)), "REPLAYED");
    }

    /** A discard says why ({@code comment}); it is kept in the audit trail with who and when. */
    @DeleteMapping("/api/v1/parked/{id}")
    public Map<String, Object> discard(@PathVariable long id, @RequestParam(required = false) @Size(max = 2000) String comment,
                                       @RequestAttribute(ApiKeyFilter.CALLER) String operator) {
        if (comment == null || comment.isBlank()) {
            throw new InvalidRequestException("comment", "a discard needs a comment saying why");
        }
        return resolved(id, parking.discard(id, operator, comment).orElseThrow(() -> notFound(id)), "DISCARDED");
    }

    /** What operators did to parked messages, newest first. */
    @GetMapping("/api/v1/parked/actions")
    public List<OperatorActions.Action> actions(@RequestParam(required = false) Long parked,
                                                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return actions.list(parked, null, limit);
    }

    private static Map<String, Object> resolved(long id, boolean done, String state) {
        if (!done) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "parked message " + id + " is no longer open");
        }
        return Map.of("id", id, "state", state);
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no parked message " + id);
    }
}
