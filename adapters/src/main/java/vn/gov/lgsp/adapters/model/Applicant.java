package vn.gov.lgsp.adapters.model;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The applicant (chủ hồ sơ). {@link #toString()} masks the identifier and phone number. */
public record Applicant(
        @NotNull ApplicantType type,
        @NotBlank @Size(max = 200) String fullName,
        @Pattern(regexp = Codes.PERSONAL_ID, message = "must be 12 digits (or 9 on an old identity card)") String idNumber,
        @Pattern(regexp = "\\+?\\d{9,15}", message = "must be 9 to 15 digits") String phone,
        @Email @Size(max = 200) String email,
        @Size(max = 500) String address) {

    @Override
    public String toString() {
        return "Applicant[type=" + type + ", fullName=" + fullName + ", idNumber=" + Masking.mask(idNumber)
                + ", phone=" + Masking.mask(phone) + "]";
    }
}
