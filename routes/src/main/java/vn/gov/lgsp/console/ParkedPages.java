package vn.gov.lgsp.console;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.gov.lgsp.config.Hashing;
import vn.gov.lgsp.delivery.Deliveries;
import vn.gov.lgsp.delivery.Delivery;
import vn.gov.lgsp.parking.OperatorActions;
import vn.gov.lgsp.parking.ParkedMessage;
import vn.gov.lgsp.parking.ParkedMessages;
import vn.gov.lgsp.parking.Parking;

/**
 * Parked messages in the console: listed and narrowed by state, peer, flow and reason; inspected; replayed one or
 * many at a time; discarded with the reason why. Every action lands in the audit trail shown beside them.
 */
@Controller
public class ParkedPages {

    private static final Set<String> STATES = Set.of("OPEN", "REPLAYED", "DISCARDED", "RELEASED", "ALL");
    private static final int PAGE = 200;
    static final int MAX_COMMENT = 2000;

    private final ParkedMessages parked;
    private final Parking parking;
    private final OperatorActions actions;
    private final Deliveries deliveries;

    public ParkedPages(ParkedMessages parked, Parking parking, OperatorActions actions, Deliveries deliveries) {
        this.parked = parked;
        this.parking = parking;
        this.actions = actions;
        this.deliveries = deliveries;
    }

    @GetMapping("/console/parked")
    public String list(@RequestParam(defaultValue = "OPEN") String state, @RequestParam(required = false) String peer,
                       @RequestParam(required = false) String flow, @RequestParam(required = false) String reason,
                       Model model) {
        List<String> peers = deliveries.all().stream().map(Delivery::peer).sorted().toList();
        List<String> flows = deliveries.all().stream().map(d -> d.definition().name()).distinct().sorted().toList();
        boolean known = STATES.contains(state) && (DossierSearch.blank(peer) || peers.contains(peer)) && (DossierSearch.blank(flow) || flows.contains(flow))
                && (DossierSearch.blank(reason) || reason.matches("[a-z0-9.\\-]{1,100}"));
        if (!known) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown state, peer, flow or reason");
        }
        List<String> of = new ArrayList<>();
        if (!DossierSearch.blank(peer)) {
            of.add(peer);
        } else if (!DossierSearch.blank(flow)) {
            deliveries.all().stream().filter(d -> d.definition().name().equals(flow)).map(Delivery::peer).forEach(of::add);
        }
        model.addAttribute("messages", parked.list(new ParkedMessages.Filter(state.equals("ALL") ? null : state, null, of,
                DossierSearch.blank(reason) ? null : reason), PAGE, 0));
        model.addAttribute("state", state);
        model.addAttribute("peer", DossierSearch.blank(peer) ? "" : peer);
        model.addAttribute("flow", DossierSearch.blank(flow) ? "" : flow);
        model.addAttribute("reason", DossierSearch.blank(reason) ? "" : reason);
        model.addAttribute("states", List.of("OPEN", "REPLAYED", "DISCARDED", "RELEASED", "ALL"));
        model.addAttribute("peers", peers);
        model.addAttribute("flows", flows);
        model.addAttribute("reasons", parked.openReasonCodes());
        model.addAttribute("actions", actions.list(null, null, 50));
        return "console/parked";
    }

    @GetMapping("/console/parked/{id}")
    public String inspect(@PathVariable long id, Model model) {
        ParkedMessage message = find(id);
        model.addAttribute("message", message);
        model.addAttribute("payloadSha256", Hashing.sha256Hex(message.payload()));
        model.addAttribute("actions", actions.list(id, null, 50));
        return "console/parked-message";
    }

    @GetMapping("/console/parked/{id}/payload")
    public ResponseEntity<String> payload(@PathVariable long id) {
        return DossierPages.download(Optional.of(find(id).payload()), "parked-" + id + ".json");
    }

    /** Replays the chosen messages, each on its own; tells which went and which were no longer open. */
    @PostMapping("/console/parked/replay")
    public String replay(@RequestParam(name = "id", required = false) List<Long> ids,
                         @RequestParam(required = false) String comment, Principal operator, RedirectAttributes result) {
        if (ids == null || ids.isEmpty()) {
            result.addFlashAttribute("error", "console.parked.none-selected");
            return "redirect:/console/parked";
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "comment longer than " + MAX_COMMENT + " characters");
        }
        List<Long> replayed = new ArrayList<>();
        List<Long> notOpen = new ArrayList<>();
        for (long id : ids) {
            boolean done = parking.replay(id, ConsoleSecurity.caller(operator), DossierSearch.blank(comment) ? null : comment.trim())
                    .orElse(false);
            (done ? replayed : notOpen).add(id);
        }
        result.addFlashAttribute("replayed", replayed);
        result.addFlashAttribute("notOpen", notOpen);
        return "redirect:/console/parked";
    }

    @PostMapping("/console/parked/{id}/discard")
    public String discard(@PathVariable long id, @RequestParam(required = false) String comment, Principal operator,
                          RedirectAttributes result) {
        find(id);
        if (DossierSearch.blank(comment)) {
            result.addFlashAttribute("error", "console.parked.comment-required");
            return "redirect:/console/parked/" + id;
        }
        if (comment.length() > MAX_COMMENT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "comment longer than " + MAX_COMMENT + " characters");
        }
        boolean done = parking.discard(id, ConsoleSecurity.caller(operator), comment.trim()).orElse(false);
        result.addFlashAttribute(done ? "discarded" : "notOpen", List.of(id));
        return "redirect:/console/parked/" + id;
    }

    private ParkedMessage find(long id) {
        return parked.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no parked message " + id));
    }
}
