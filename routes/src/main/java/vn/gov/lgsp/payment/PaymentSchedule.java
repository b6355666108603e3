package vn.gov.lgsp.payment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import vn.gov.lgsp.reconciliation.ReconciliationJob;

/**
 * What the payment flow has besides the keys every flow has ({@code app.flows.payment.*}).
 *
 * @param queryAfter    a payment still unsettled this long after INIT is asked with QUERY (DOMAIN 9)
 * @param queryMaxDelay QUERY is asked again with a doubling delay, never longer than this
 * @param queryInterval how often the flow looks for payments due a QUERY or a receipt
 * @param reconciliationCron when the previous day's payments are reconciled (Quartz cron, Vietnam time)
 */
@Validated
@ConfigurationProperties("app.flows.payment")
public record PaymentSchedule(
        @NotNull @DefaultValue("PT30M") Duration queryAfter,
        @NotNull @DefaultValue("PT6H") Duration queryMaxDelay,
        @NotNull @DefaultValue("1m") Duration queryInterval,
        @NotBlank @DefaultValue("0 0 1 * * ?") String reconciliationCron) {

    public PaymentSchedule {
        ReconciliationJob.checkCron("app.flows.payment.reconciliation-cron", reconciliationCron);
    }
}
