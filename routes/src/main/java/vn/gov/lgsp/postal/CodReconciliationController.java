package vn.gov.lgsp.postal;

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
 * Operators' view of COD reconciliation: a day's report in JSON or CSV, and running it again now (after the
 * operator has fixed something, or for a day the schedule missed).
 */
@RestController
public class CodReconciliationController {

    private static final String PATH = "/api/v1/postal/cod-reconciliations/";

    private final CodReconciliation reconciliation;

    public CodReconciliationController(CodReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @PostMapping(PATH + "{day}")
    public CodReconciliation.Report run(@PathVariable String day) {
        return reconciliation.run(day(day));
    }

    @GetMapping(path = PATH + "{day}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> report(@PathVariable String day) {
        LocalDate date = day(day);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(reconciliation.stored(date).orElseThrow(() -> notRun(date)));
    }

    @GetMapping(PATH + "{day}.csv")
    public ResponseEntity<String> csv(@PathVariable String day) {
        LocalDate date = day(day);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"cod-reconciliation-" + date + ".csv\"")
                .body(reconciliation.storedAsCsv(date).orElseThrow(() -> notRun(date)));
    }

    private static LocalDate day(String text) {
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("day", "must be a date yyyy-MM-dd");
        }
        if (day.isAfter(LocalDate.now(CodReconciliation.VIETNAM))) {
            throw new InvalidRequestException("day", "must not be after today (Vietnam time)");
        }
        return day;
    }

    private static ResponseStatusException notRun(LocalDate day) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no COD reconciliation of " + day + " has been run");
    }
}
