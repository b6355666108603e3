package vn.gov.lgsp.postal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
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
        return JobBuilder.newJob(CodReconciliationJob.class).withIdentity("cod-reconciliation", "postal")
                .withDescription("COD reconciliation of the previous day").storeDurably().requestRecovery().build();
    }

    @Bean
    Trigger codReconciliationTrigger(JobDetail codReconciliationJob, PostalSchedule schedule) {
        return TriggerBuilder.newTrigger().forJob(codReconciliationJob).withIdentity("cod-reconciliation", "postal")
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.reconciliationCron())
                        .inTimeZone(TimeZone.getTimeZone(CodReconciliation.VIETNAM))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Bean
    AgencyAddresses agencyAddresses(PostalSchedule schedule) {
        return AgencyAddresses.load(Path.of(schedule.agencyAddresses()));
    }
}
