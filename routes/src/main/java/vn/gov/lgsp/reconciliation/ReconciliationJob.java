package vn.gov.lgsp.reconciliation;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Reconciles the previous day of one kind. Quartz fires it on one node of the cluster only (JDBC job store,
 * clustered), and a node that dies while running it has it run again on another.
 */
@DisallowConcurrentExecution
public class ReconciliationJob extends QuartzJobBean {

    static final String KIND = "kind";
    private static final String GROUP = "reconciliation";

    private final Reconciliations reconciliations;

    public ReconciliationJob(Reconciliations reconciliations) {
        this.reconciliations = reconciliations;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        String kind = context.getMergedJobDataMap().getString(KIND);
        reconciliations.run(kind, LocalDate.now(ReconciliationReport.VIETNAM).minusDays(1),
                context.getScheduledFireTime().toInstant().atOffset(ZoneOffset.UTC));
    }

    /** The job of one kind, for a flow's configuration to declare as a bean. */
    public static JobDetail job(String kind) {
        return JobBuilder.newJob(ReconciliationJob.class).withIdentity(kind, GROUP).usingJobData(KIND, kind)
                .withDescription(kind + " reconciliation of the previous day").storeDurably().requestRecovery().build();
    }

    /** Its daily trigger, {@code cron} in Vietnam time. */
    public static Trigger trigger(JobDetail job, String cron) {
        return TriggerBuilder.newTrigger().forJob(job).withIdentity(job.getKey().getName(), GROUP)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(ReconciliationReport.VIETNAM))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    /** Checks a configured schedule at start, naming the key. */
    public static void checkCron(String key, String cron) {
        if (cron != null && !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException(key + " '" + cron + "' is not a Quartz cron expression "
                    + "(seconds minutes hours day-of-month month day-of-week)");
        }
    }
}
