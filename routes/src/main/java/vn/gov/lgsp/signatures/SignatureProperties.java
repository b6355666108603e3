package vn.gov.lgsp.signatures;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;

/**
 * Digital signatures (chữ ký số): whom to trust, how to check revocation, and the province's signing key.
 *
 * @param trustDirs     folders of trusted root certificates (PEM or DER); old and new national roots may coexist
 * @param revocation    OCSP-then-CRL checking
 * @param timeStampUrl  an RFC 3161 time-stamping authority for baseline B-T signatures; none: B-B only
 * @param signing       the province's signing key; none: this node verifies but does not sign
 * @param maxVerifySize the largest material {@code POST /api/v1/signatures/verify} reads
 */
@Validated
@ConfigurationProperties("app.signatures")
public record SignatureProperties(
        @NotEmpty @DefaultValue("config/trust") List<Path> trustDirs,
        @NotNull @Valid @DefaultValue Revocation revocation,
        URI timeStampUrl,
        @Valid Signing signing,
        @NotNull @DefaultValue("20MB") DataSize maxVerifySize) {

    /**
     * @param noAnswer what a signature is worth when neither OCSP nor CRL answers: REJECT or ACCEPT_AND_FLAG
     * @param cacheTtl how long a definite answer is reused (never past its own next update)
     * @param timeout  how long to wait for one responder
     */
    public record Revocation(
            @NotNull @DefaultValue("REJECT") NoAnswerPolicy noAnswer,
            @NotNull @DefaultValue("10m") Duration cacheTtl,
            @NotNull @DefaultValue("5s") Duration timeout) {
    }

    public enum KeySource {
        PKCS12,
        PKCS11
    }

    /**
     * @param source        PKCS12 (a keystore file) or PKCS11 (a token or HSM through its PKCS#11 module)
     * @param keystore      the PKCS#12 file
     * @param password      the keystore password, or the token PIN (give it as {@code ${ENV}})
     * @param alias         the key's alias in the keystore or on the token
     * @param pkcs11Library the token's PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slotListIndex which of the module's slots holds the token
     */
    public record Signing(
            @NotNull @DefaultValue("PKCS12") KeySource source,
            Path keystore,
            @NotNull String password,
            @NotNull String alias,
            Path pkcs11Library,
            @Min(0) @DefaultValue("0") int slotListIndex) {

        @AssertTrue(message = "PKCS12 needs keystore; PKCS11 needs pkcs11-library")
        public boolean isLocated() {
            return source == KeySource.PKCS12 ? keystore != null : pkcs11Library != null;
        }
    }
}
