package vn.gov.lgsp.adapters.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A document of the dossier (thành phần hồ sơ), known by its SHA-256 and size. Its bytes arrive once as
 * {@code contentBase64}, are streamed to the attachment store while being decoded, and never travel further:
 * peers fetch them by link.
 */
public record Attachment(
        @NotBlank @Size(max = 100) String id,
        @NotBlank @Size(max = 255) String name,
        @Size(max = 50) String componentCode,
        @NotBlank @Size(max = 100) String mediaType,
        @NotNull @PositiveOrZero Long size,
        @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be the lowercase hex SHA-256 of the content") String sha256,
        @JsonProperty(value = "contentBase64", access = JsonProperty.Access.WRITE_ONLY)
        @JsonDeserialize(using = StagedContent.Deserializer.class)
        StagedContent content) {

    /** The content, where it came with this event, is the one the event declares. */
    @JsonIgnore
    @AssertTrue(message = "content does not match the declared size and sha256")
    public boolean isContentAsDeclared() {
        return content == null || sha256 == null || size == null
                || (content.size() == size && content.sha256().equals(sha256));
    }
}
