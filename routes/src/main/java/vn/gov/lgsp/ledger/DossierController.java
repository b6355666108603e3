package vn.gov.lgsp.ledger;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import vn.gov.lgsp.adapters.model.Codes;
import vn.gov.lgsp.web.InvalidRequestException;

/** {@code GET /api/v1/dossiers/{code}}: a dossier's journey ({@link DossierView}). */
@RestController
public class DossierController {

    private final DossierView dossiers;

    public DossierController(DossierView dossiers) {
        this.dossiers = dossiers;
    }

    @GetMapping("/api/v1/dossiers/{code}")
    public Map<String, Object> dossier(@PathVariable String code) {
        if (!Codes.isDossierCode(code)) {
            throw new InvalidRequestException("code", "must be a dossier code <agency code>-<YYMMDD>-<4 digits>");
        }
        return dossiers.of(code).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no event of dossier " + code + " has been received"));
    }
}
