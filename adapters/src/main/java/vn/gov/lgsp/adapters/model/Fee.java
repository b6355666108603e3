package vn.gov.lgsp.adapters.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** A fee or charge (phí, lệ phí) due on the dossier, in whole VND. */
public record Fee(
        @NotBlank @Size(max = 50) String code,
        @NotBlank @Size(max = 300) String name,
        @NotNull @PositiveOrZero Long amount,
        @NotNull FeeKind kind) {
}
