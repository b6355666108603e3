package vn.gov.lgsp.postal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Bindable;
import vn.gov.lgsp.adapters.model.Codes;
import vn.gov.lgsp.adapters.model.PostalParty;
import vn.gov.lgsp.config.ConfigTables;

/**
 * The agencies' own addresses for the post (the one-stop unit that receives dossiers and hands out results), read
 * from the table in {@code config/} at start. A wrong row stops the start naming it.
 */
public final class AgencyAddresses {

    /** One row of the table. */
    public record Row(
            @NotNull @Pattern(regexp = Codes.AGENCY, message = "must be an agency code ddd.dd.dd.Xdd") String code,
            @NotBlank String name,
            @NotBlank @Pattern(regexp = "\\+?\\d{9,15}", message = "must be 9 to 15 digits") String phone,
            @NotBlank String address,
            @NotBlank String province) {
    }

    private final Map<String, PostalParty> byAgency;

    private AgencyAddresses(Map<String, PostalParty> byAgency) {
        this.byAgency = Map.copyOf(byAgency);
    }

    public static AgencyAddresses load(Path file) {
        List<Row> rows = ConfigTables.read(file, "app.flows.postal.agency-addresses", "agencies",
                Bindable.listOf(Row.class), List.of());
        Map<String, PostalParty> byAgency = new HashMap<>();
        for (Row row : rows) {
            if (byAgency.put(row.code(), new PostalParty(row.name(), row.phone(), row.address(), row.province())) != null) {
                throw new IllegalStateException("the agency address table " + file + " lists " + row.code() + " twice");
            }
        }
        return new AgencyAddresses(byAgency);
    }

    public Optional<PostalParty> of(String agencyCode) {
        return Optional.ofNullable(byAgency.get(agencyCode));
    }
}
