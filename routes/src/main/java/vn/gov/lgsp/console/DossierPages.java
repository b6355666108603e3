package vn.gov.lgsp.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import vn.gov.lgsp.adapters.model.Codes;
import vn.gov.lgsp.ledger.DossierView;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.parking.OperatorActions;
import vn.gov.lgsp.web.InboundRejections;

/** The console's dossier search and dossier page: where a dossier stands at every peer flow, and its timeline. */
@Controller
public class DossierPages {

    private final DossierSearch search;
    private final DossierView dossiers;
    private final OperatorActions actions;
    private final InboundRejections rejections;

    public DossierPages(DossierSearch search, DossierView dossiers, OperatorActions actions, InboundRejections rejections) {
        this.search = search;
        this.dossiers = dossiers;
        this.actions = actions;
        this.rejections = rejections;
    }

    @GetMapping("/console")
    public String home() {
        return "redirect:/console/dossiers";
    }

    @GetMapping("/console/login")
    public String login() {
        return "console/login";
    }

    /** Where a refused request lands (recorded before): a console page, whatever was refused. */
    @RequestMapping(ConsoleSecurity.DENIED)
    public String denied(Model model, HttpServletResponse response) {
        return ConsoleErrors.errorPage(HttpStatus.FORBIDDEN.value(),
                "not allowed: a viewer only looks, and every change needs the page's own form", model, response);
    }

    /** Searched by POST too, so that an applicant's ID number never lands in a URL, a log or the browser's history. */
    @RequestMapping(path = "/console/dossiers", method = {RequestMethod.GET, RequestMethod.POST})
    public String find(@RequestParam(required = false) String code, @RequestParam(required = false) String procedure,
                       @RequestParam(required = false) String agency, @RequestParam(required = false) String status,
                       @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       @RequestParam(required = false) String applicantId, Model model, Principal user,
                       HttpServletRequest request, HttpServletResponse response) {
        List<String> errors = new ArrayList<>();
        check(code, 40, "[0-9A-Za-z.\\-]*", "code", errors);
        check(procedure, 60, "[0-9A-Za-z.]*", "procedure", errors);
        check(agency, 20, Codes.AGENCY, "agency", errors);
        check(status, 2, "[1-9]|10", "status", errors);
        check(applicantId, 12, "\\d{9}|\\d{12}", "applicantId", errors);
        LocalDate fromDay = day(from, "from", errors);
        LocalDate toDay = day(to, "to", errors);
        model.addAttribute("criteria", Map.of("code", text(code), "procedure", text(procedure), "agency", text(agency),
                "status", text(status), "from", text(from), "to", text(to)));
        model.addAttribute("errors", errors);
        if (!errors.isEmpty()) {
            rejections.record(request.getMethod() + " /console/dossiers", ConsoleSecurity.caller(user),
                    HttpStatus.BAD_REQUEST.value(), "search refused, not valid: " + String.join(", ", errors));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("found", List.of());
            return "console/dossiers";
        }
        model.addAttribute("found", search.find(new DossierSearch.Criteria(code, procedure, agency,
                DossierSearch.blank(status) ? null : Integer.valueOf(status.trim()), fromDay, toDay, applicantId)));
        model.addAttribute("limit", DossierSearch.LIMIT);
        return "console/dossiers";
    }

    @GetMapping("/console/dossiers/{code}")
    public String dossier(@PathVariable String code, Model model) {
        requireDossierCode(code);
        Map<String, Object> view = dossiers.of(code).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no event of dossier " + code + " has been received"));
        @SuppressWarnings("unchecked")
        Map<String, Object> log = (Map<String, Object>) view.get("messageLog");
        @SuppressWarnings("unchecked")
        List<MessageLog.Entry> entries = (List<MessageLog.Entry>) log.get("entries");
        model.addAttribute("code", code);
        model.addAttribute("summary", search.summaryOf(code).orElse(null));
        model.addAttribute("view", view);
        model.addAttribute("timeline", entries.stream().map(TimelineEntry::of).toList());
        model.addAttribute("chainIntact", log.get("intact"));
        model.addAttribute("chainBrokenAt", log.get("brokenAt"));
        model.addAttribute("sections", List.of("peers", "steps", "callbacks", "payments", "postal", "ministries"));
        model.addAttribute("actions", actions.list(null, code, 100));
        return "console/dossier";
    }

    /** An accepted event as kept: the full applicant data, hence for operators only. */
    @GetMapping("/console/dossiers/{code}/events/{sequence}/payload")
    public ResponseEntity<String> eventPayload(@PathVariable String code, @PathVariable int sequence) {
        requireDossierCode(code);
        return download(search.eventPayload(code, sequence), code + "-" + sequence + ".json");
    }

    static ResponseEntity<String> download(Optional<String> payload, String fileName) {
        return payload.map(p -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
                        .body(p))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such payload"));
    }

    /**
     * One line of the timeline. {@code signature}: how the message was signed, where the contract signs it (the
     * inter-agency packages and receipts): {@code signed} by the province, {@code verified} from a ministry; empty
     * elsewhere.
     */
    public record TimelineEntry(MessageLog.Entry entry, String signature) {

        static TimelineEntry of(MessageLog.Entry e) {
            boolean signedContract = e.peer().startsWith("ministry-");
            String signature = !signedContract ? "" : e.direction().equals("OUT") ? "signed"
                    : e.outcome().equals("OK") || e.outcome().equals("ACCEPTED") ? "verified" : "refused";
            return new TimelineEntry(e, signature);
        }
    }

    private static void requireDossierCode(String code) {
        if (!Codes.isDossierCode(code)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a dossier code: <agency code>-<YYMMDD>-<4 digits>");
        }
    }

    private static void check(String value, int maxLength, String pattern, String field, List<String> errors) {
        if (value != null && !value.isBlank() && (value.trim().length() > maxLength || !value.trim().matches(pattern))) {
            errors.add(field);
        }
    }

    private static LocalDate day(String value, String field, List<String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(field);
            return null;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
