package vn.gov.lgsp.payment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import vn.gov.lgsp.adapters.payment.PaymentClient;
import vn.gov.lgsp.adapters.payment.PaymentNotifications;
import vn.gov.lgsp.adapters.payment.PaymentProperties;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.FlowProperties;
import vn.gov.lgsp.delivery.PeerBreakers;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.reconciliation.ReconciliationJob;

/** The dossier → payment platform flow ({@code app.flows.payment.*}), its adapter and its daily reconciliation. */
@Configuration(proxyBeanMethods = false)
public class PaymentFlowConfiguration {

    static final String DEFINITION = "paymentFlowDefinition";

    @Bean(DEFINITION)
    FlowDefinition paymentFlowDefinition(Environment environment) {
        return new FlowDefinition("payment", PaymentFlow.PEER, Queues.PAYMENT, true, FlowProperties.bind(environment, "payment"));
    }

    @Bean
    PaymentClient paymentClient(PaymentProperties properties, ObjectMapper json, MessageLog messageLog, PeerBreakers breakers) {
        return new PaymentClient(properties, json, messageLog, breakers.of(PaymentFlow.PEER), Clock.systemUTC());
    }

    @Bean
    PaymentNotifications paymentNotifications(PaymentProperties properties) {
        return new PaymentNotifications(properties);
    }

    /** The daily payment reconciliation, fired on one node of the cluster at {@code app.flows.payment.reconciliation-cron}. */
    @Bean
    JobDetail paymentReconciliationJob() {
        return ReconciliationJob.job(PaymentReconciliation.KIND);
    }

    @Bean
    Trigger paymentReconciliationTrigger(JobDetail paymentReconciliationJob, PaymentSchedule schedule) {
        return ReconciliationJob.trigger(paymentReconciliationJob, schedule.reconciliationCron());
    }
}
