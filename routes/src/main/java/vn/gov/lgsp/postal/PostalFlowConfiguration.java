package vn.gov.lgsp.postal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import vn.gov.lgsp.adapters.postal.PostalClient;
import vn.gov.lgsp.adapters.postal.PostalProperties;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.FlowProperties;
import vn.gov.lgsp.delivery.PeerBreakers;
import vn.gov.lgsp.ledger.MessageLog;
import vn.gov.lgsp.reconciliation.ReconciliationJob;

/**
 * The dossier → public postal service flow ({@code app.flows.postal.*}), its adapter (every call through the
 * operator's breaker and into the message log), the agency address table, and the daily COD reconciliation.
 */
@Configuration(proxyBeanMethods = false)
public class PostalFlowConfiguration {

    static final String DEFINITION = "postalFlowDefinition";

    @Bean(DEFINITION)
    FlowDefinition postalFlowDefinition(Environment environment) {
        return new FlowDefinition("postal", PostalFlow.PEER, Queues.POSTAL, true, FlowProperties.bind(environment, "postal"));
    }

    @Bean
    PostalClient postalClient(PostalProperties properties, ObjectMapper json, MessageLog messageLog, PeerBreakers breakers) {
        return new PostalClient(properties, json, messageLog, breakers.of(PostalFlow.PEER), Clock.systemUTC());
    }

    /** The daily COD reconciliation, fired on one node of the cluster at {@code app.flows.postal.reconciliation-cron}. */
    @Bean
    JobDetail codReconciliationJob() {
        return ReconciliationJob.job(CodReconciliation.KIND);
    }

    @Bean
    Trigger codReconciliationTrigger(JobDetail codReconciliationJob, PostalSchedule schedule) {
        return ReconciliationJob.trigger(codReconciliationJob, schedule.reconciliationCron());
    }

    @Bean
    AgencyAddresses agencyAddresses(PostalSchedule schedule) {
        return AgencyAddresses.load(Path.of(schedule.agencyAddresses()));
    }
}
