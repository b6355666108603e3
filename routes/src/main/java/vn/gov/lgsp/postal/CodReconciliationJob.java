package vn.gov.lgsp.postal;

import java.time.LocalDate;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Reconciles the previous day's cash on delivery. Quartz fires it on one node of the cluster only (JDBC job store,
 * clustered), and a node that dies while running it has it run again elsewhere.
 */
@DisallowConcurrentExecution
public class CodReconciliationJob extends QuartzJobBean {

    private final CodReconciliation reconciliation;

    public CodReconciliationJob(CodReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        reconciliation.run(LocalDate.now(CodReconciliation.VIETNAM).minusDays(1));
    }
}
