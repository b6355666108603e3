package vn.gov.lgsp.adapters.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/** Who did what in one processing step (a record of quá trình xử lý). */
public record ProcessingStep(
        @NotBlank @Size(max = 200) String officer,
        @Size(max = 200) String title,
        @NotBlank @Size(max = 300) String unit,
        @Size(max = 2000) String note,
        OffsetDateTime dueAt) {
}
