package vn.gov.lgsp.reconciliation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import vn.gov.lgsp.web.InvalidRequestException;

/**
 * Operators' view of the reconciliations ({@code payments}, {@code postal-cod}): a day's report in JSON or CSV, and
 * running a day again now (after a fix, or for a day the schedule missed).
 */
@RestController
public class ReconciliationController {

    private static final String PATH = "/api/v1/reconciliations/{kind}/";

    private final Reconciliations reconciliations;

    public ReconciliationController(Reconciliations reconciliations) {
        this.reconciliations = reconciliations;
    }

    @PostMapping(PATH + "{day}")
    public ReconciliationReport run(@PathVariable String kind, @PathVariable String day) {
        return reconciliations.run(kind(kind), day(day), null).orElseThrow();
    }

    @GetMapping(path = PATH + "{day}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> report(@PathVariable String kind, @PathVariable String day) {
        LocalDate date = day(day);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(reconciliations.stored(kind(kind), date).orElseThrow(() -> notRun(kind, date)));
    }

    @GetMapping(PATH + "{day}.csv")
    public ResponseEntity<String> csv(@PathVariable String kind, @PathVariable String day) {
        LocalDate date = day(day);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + kind + "-reconciliation-" + date + ".csv\"")
                .body(reconciliations.storedAsCsv(kind(kind), date).orElseThrow(() -> notRun(kind, date)));
    }

    private String kind(String kind) {
        if (!reconciliations.knows(kind)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no reconciliation " + kind
                    + " (payments, postal-cod)");
        }
        return kind;
    }

    private static LocalDate day(String text) {
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("day", "must be a date yyyy-MM-dd");
        }
        if (day.isAfter(LocalDate.now(ReconciliationReport.VIETNAM))) {
            throw new InvalidRequestException("day", "must not be after today (Vietnam time)");
        }
        return day;
    }

    private static ResponseStatusException notRun(String kind, LocalDate day) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no " + kind + " reconciliation of " + day + " has been run");
    }
}
