package vn.gov.lgsp.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param dataDir where the embedded broker journal, the embedded database and stored attachments live */
@Validated
@ConfigurationProperties("app")
public record AppProperties(@NotNull Path dataDir) {
}
