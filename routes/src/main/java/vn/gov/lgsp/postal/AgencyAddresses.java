package vn.gov.lgsp.postal;

import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import vn.gov.lgsp.adapters.model.Codes;
import vn.gov.lgsp.adapters.model.PostalParty;

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
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("app.flows.postal.agency-addresses: no agency address table at "
                    + file.toAbsolutePath());
        }
        List<Row> rows;
        try {
            var sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
            var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
            rows = new Binder(ConfigurationPropertySources.from(sources))
                    .bind("agencies", Bindable.listOf(Row.class), new ValidationBindHandler(validator))
                    .orElse(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agency address table " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the agency address table " + file + " is invalid: " + rootMessage(e), e);
        }
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

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
