package vn.gov.lgsp.adapters.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.OffsetDateTime;

/**
 * One processing step of a dossier, as the one-stop software recorded it. {@code sequence} numbers the
 * dossier's steps 1, 2, 3, … without gaps; peers receive them in that order.
 */
public record DossierEvent(
        @NotNull @Pattern(regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                message = "must be a UUID") String eventId,
        @NotNull @Positive @Max(100_000) Integer sequence,
        @NotNull OffsetDateTime occurredAt,
        @NotNull DossierStatus status,
        @NotNull @Valid ProcessingStep step,
        @NotNull @Valid Dossier dossier) {

    public String dossierCode() {
        return dossier.code();
    }
}
