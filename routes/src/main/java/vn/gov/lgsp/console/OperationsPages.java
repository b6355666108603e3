package vn.gov.lgsp.console;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import vn.gov.lgsp.adapters.model.Codes;

/** The console's pages for the whole node: its peers, the 766 scorecard, and Camel's runtime view. */
@Controller
public class OperationsPages {

    private final PeerActivity peers;
    private final Scorecard scorecard;
    private final CamelRuntime camel;

    public OperationsPages(PeerActivity peers, Scorecard scorecard, CamelRuntime camel) {
        this.peers = peers;
        this.scorecard = scorecard;
        this.camel = camel;
    }

    @GetMapping("/console/peers")
    public String peers(Model model) {
        List<PeerActivity.Peer> all = peers.all();
        model.addAttribute("peers", all);
        model.addAttribute("charts", all.stream().map(p -> BarChart.of(peers.sliceLabels(), List.of("calls"),
                List.of(p.lastHour()))).toList());
        return "console/peers";
    }

    @GetMapping("/console/scorecard")
    public String scorecard(@RequestParam(defaultValue = "30") int days, @RequestParam(required = false) String agency,
                            Model model) {
        List<Scorecard.Row> rows = scorecard.lastDays(checkDays(days), checkAgency(agency));
        List<Scorecard.Day> byDay = scorecard.byDay(rows, days);
        model.addAttribute("rows", rows);
        model.addAttribute("days", days);
        model.addAttribute("agency", agency == null ? "" : agency);
        model.addAttribute("chart", BarChart.of(byDay.stream().map(d -> d.day().toString().substring(5)).toList(),
                List.of("received", "synchronised", "overdue"),
                List.of(byDay.stream().map(Scorecard.Day::received).toList(),
                        byDay.stream().map(Scorecard.Day::synchronised).toList(),
                        byDay.stream().map(Scorecard.Day::overdue).toList())));
        return "console/scorecard";
    }

    @GetMapping("/console/scorecard.csv")
    public ResponseEntity<byte[]> scorecardCsv(@RequestParam(defaultValue = "30") int days,
                                               @RequestParam(required = false) String agency) {
        String csv = scorecard.csv(scorecard.lastDays(checkDays(days), checkAgency(agency)));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("scorecard-766-" + LocalDate.now(ConsoleFormat.VIETNAM) + ".csv").build().toString())
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/console/camel")
    public String camel(@RequestParam(defaultValue = "route") String view, Model model) {
        model.addAttribute("views", CamelRuntime.VIEWS);
        model.addAttribute("view", view);
        model.addAttribute("text", camel.text(view).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no such Camel console")));
        return "console/camel";
    }

    private static int checkDays(int days) {
        if (days < 1 || days > 366) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days must be 1 to 366");
        }
        return days;
    }

    private static String checkAgency(String agency) {
        if (agency != null && !agency.isBlank() && !agency.trim().matches(Codes.AGENCY)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "agency must be an agency code");
        }
        return agency;
    }
}
