package vn.gov.lgsp.adapters.portal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import vn.gov.lgsp.adapters.model.Codes;

/**
 * Connection to the national portal.
 *
 * @param baseUrl        {@code {base}/login} and {@code {base}/integration} live under it
 * @param unitCode       the province's unit code, sent as {@code madonvi}
 * @param dstcode        the portal's routing header, the same on every call
 * @param requestTimeout a call that takes longer counts as a transient failure
 */
@Validated
@ConfigurationProperties("app.peers.portal")
public record PortalProperties(
        @NotNull URI baseUrl,
        @NotBlank String username,
        @NotBlank String password,
        @NotNull @Pattern(regexp = Codes.AGENCY, message = "must be an agency code ddd.dd.dd.Xdd") String unitCode,
        @NotBlank @DefaultValue("VN:GOV:000.00.00.G22:vpcpdvcprovider") String dstcode,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration requestTimeout) {
}
