package vn.gov.lgsp.adapters.postal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection to the public postal service (DOMAIN 8).
 *
 * @param baseUrl          {@code {base}/token}, {@code {base}/orders} and {@code {base}/tracking} live under it
 * @param clientId         OAuth2 client id (HTTP Basic user of the token request)
 * @param clientSecret     OAuth2 client secret
 * @param customerCode     our contract with the operator, sent as {@code CustomerCode}
 * @param hmacKey          the key the operator signs its tracking pushes with ({@code X-Signature})
 * @param tokenRenewBefore a token is renewed this long before it expires, so that no call carries a stale one
 * @param requestTimeout   a call that takes longer counts as a transient failure
 */
@Validated
@ConfigurationProperties("app.peers.postal")
public record PostalProperties(
        @NotNull URI baseUrl,
        @NotBlank String clientId,
        @NotBlank String clientSecret,
        @NotBlank String customerCode,
        @NotBlank String hmacKey,
        @NotNull @DefaultValue("60s") Duration tokenRenewBefore,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration requestTimeout) {
}
