package vn.gov.lgsp.attachments;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where peers download the attachments the middleware keeps.
 *
 * @param publicBaseUrl the middleware's address as peers reach it (links are {@code {base}/api/v1/attachments/…});
 *                      when unset, the loopback address of this process's own HTTP port, which only suits peers
 *                      on the same machine (the sandbox)
 * @param urlTtl        how long a download link stays valid
 * @param urlSecret     key that signs links; when empty one is generated once and kept under the data dir
 */
@Validated
@ConfigurationProperties("app.attachments")
public record AttachmentProperties(URI publicBaseUrl,
                                   @NotNull @DefaultValue("7d") Duration urlTtl,
                                   String urlSecret) {
}
