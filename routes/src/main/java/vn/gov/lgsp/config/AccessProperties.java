package vn.gov.lgsp.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the inbound API. Keys are given by reference ({@code ${ENV}}) in an operator's overlay,
 * never written into the repository.
 *
 * @param onestop   one-stop software instances ({@code app.onestop.clients.<name>.api-key / .callback-url})
 * @param operators the province's operators ({@code app.operators.<name>.api-key / .role}): the key is the operator's
 *                  API key and console password
 */
@Validated
@ConfigurationProperties("app")
public record AccessProperties(@NotNull @Valid Onestop onestop, @Valid Map<String, Operator> operators) {

    public AccessProperties {
        operators = operators == null ? Map.of() : operators;
    }

    /**
     * @param maxBodySize     a larger dossier event is refused with 413 before it is read
     * @param intake          how concurrent events share their commits
     * @param callbackTimeout a callback not acknowledged within this time is sent again later
     */
    public record Onestop(@NotEmpty @Valid Map<String, Client> clients,
                          @NotNull @DefaultValue("50MB") DataSize maxBodySize,
                          @NotNull @Valid @DefaultValue Intake intake,
                          @NotNull @DefaultValue("10s") Duration callbackTimeout) {
    }

    /**
     * @param writers     threads that record and queue waiting events (each batch: one ledger and one broker commit)
     * @param maxBatch    most events one commit takes
     * @param answerWithin a request not recorded and queued by then is answered 503 (send it again)
     */
    public record Intake(@Min(1) @Max(16) @DefaultValue("2") int writers,
                         @Min(1) @Max(1000) @DefaultValue("64") int maxBatch,
                         @NotNull @DefaultValue("30s") Duration answerWithin) {
    }

    /**
     * @param apiKey      the instance's key: it authenticates the instance, and signs the callbacks it receives
     * @param callbackUrl where the instance takes callbacks (DOMAIN 4.1); none: it is not told of its dossiers' news
     */
    public record Client(@NotBlank @Size(min = 16, message = "must be at least 16 characters") String apiKey,
                         URI callbackUrl) {
    }

    /**
     * @param role {@code OPERATOR} replays and discards parked messages and downloads payloads; {@code VIEWER} only
     *             looks, in the console
     */
    public record Operator(@NotBlank @Size(min = 16, message = "must be at least 16 characters") String apiKey,
                           @NotNull @DefaultValue("OPERATOR") OperatorRole role) {
    }

    public enum OperatorRole {
        VIEWER,
        OPERATOR
    }
}
