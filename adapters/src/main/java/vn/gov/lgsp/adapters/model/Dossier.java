package vn.gov.lgsp.adapters.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/** A dossier (hồ sơ): one application for one administrative procedure, as the one-stop software knows it. */
public record Dossier(
        @NotNull @DossierCode String code,
        @NotNull @Pattern(regexp = Codes.PROCEDURE, message = "must be a procedure code d.dddddd, optionally .<agency code>") String procedureCode,
        @NotBlank @Size(max = 500) String procedureName,
        @NotNull @Pattern(regexp = Codes.AGENCY, message = "must be an agency code ddd.dd.dd.Xdd with X = G or H") String agencyCode,
        @NotNull Channel channel,
        @NotNull @Valid Applicant applicant,
        @NotBlank @Size(max = 4000) String summary,
        @NotNull OffsetDateTime submittedAt,
        OffsetDateTime receivedAt,
        OffsetDateTime appointmentAt,
        @NotNull ResultDelivery resultDelivery,
        @Size(max = 50) List<@NotNull @Valid Fee> fees,
        @Size(max = 200) List<@NotNull @Valid Attachment> attachments) {

    public Dossier {
        fees = fees == null ? List.of() : List.copyOf(fees);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
