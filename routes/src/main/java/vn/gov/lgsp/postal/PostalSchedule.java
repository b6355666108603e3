package vn.gov.lgsp.postal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import vn.gov.lgsp.reconciliation.ReconciliationJob;

/**
 * What the postal flow has besides the keys every flow has ({@code app.flows.postal.*}).
 *
 * @param pullAfter        an open order with no accepted status change for this long is asked for its tracking
 * @param pullInterval     how often the pull looks for such orders
 * @param agencyAddresses  file of the agency address table (sender of results, receiver of dossiers); relative to
 *                         the working directory (a plain file path, so that {@code ../} works as in a shell)
 * @param reconciliationCron when the previous day's COD reconciliation runs (Quartz cron, Vietnam time)
 */
@Validated
@ConfigurationProperties("app.flows.postal")
public record PostalSchedule(
        @NotNull @DefaultValue("PT6H") Duration pullAfter,
        @NotNull @DefaultValue("5m") Duration pullInterval,
        @NotBlank @DefaultValue("config/agency-addresses.yml") String agencyAddresses,
        @NotBlank @DefaultValue("0 30 1 * * ?") String reconciliationCron) {

    public PostalSchedule {
        ReconciliationJob.checkCron("app.flows.postal.reconciliation-cron", reconciliationCron);
    }
}
