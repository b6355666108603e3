package vn.gov.lgsp.payment;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerException;
import vn.gov.lgsp.adapters.model.PaymentNotice;
import vn.gov.lgsp.adapters.payment.PaymentClient;
import vn.gov.lgsp.config.RouteConfigurations;
import vn.gov.lgsp.delivery.PeerBreaker;

/**
 * Missed notifications ({@code payment-query}): a payment still unsettled {@code query-after} after INIT is asked
 * with QUERY, then again with a doubling delay; a paid or failed answer settles it exactly as a CONFIRM would. A
 * paid payment's electronic receipt is fetched (GET_BILL) and kept with the dossier.
 */
@Component
public class PaymentQueryRoute extends RouteBuilder {

    static final String ROUTE_ID = "payment-query";
    private static final Logger log = LoggerFactory.getLogger(PaymentQueryRoute.class);
    private static final int BATCH = 200;

    private final Payments payments;
    private final PaymentClient platform;
    private final PaymentSchedule schedule;

    public PaymentQueryRoute(Payments payments, PaymentClient platform, PaymentSchedule schedule) {
        this.payments = payments;
        this.platform = platform;
        this.schedule = schedule;
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?period=" + schedule.queryInterval().toMillis())
                .routeId(ROUTE_ID)
                .routeConfigurationId(RouteConfigurations.SCHEDULED_JOB)
                .process(exchange -> {
                    queryUnsettled();
                    fetchReceipts();
                });
    }

    void queryUnsettled() {
        for (Payments.Payment payment : payments.dueForQuery(BATCH)) {
            try {
                PaymentNotice answer = platform.query(payment.dossierCode(), payment.reference());
                if (payments.settle(answer, Payments.SettledBy.QUERY, null) != Payments.Outcome.SETTLED) {
                    payments.queryAgain(payment, schedule.queryAfter(), schedule.queryMaxDelay());
                }
            } catch (PeerBreaker.CircuitOpenException open) {
                return;
            } catch (PeerException e) {
                log.warn("QUERY of payment {} failed, asked again later: {}", payment.reference(), e.getMessage());
                payments.queryAgain(payment, schedule.queryAfter(), schedule.queryMaxDelay());
            }
        }
    }

    void fetchReceipts() {
        for (Payments.Payment payment : payments.awaitingReceipt(BATCH)) {
            try {
                payments.receipt(payment.reference(), platform.bill(payment.dossierCode(), payment.reference()).raw());
            } catch (PeerBreaker.CircuitOpenException open) {
                return;
            } catch (PeerException e) {
                log.warn("GET_BILL of payment {} failed, fetched again later: {}", payment.reference(), e.getMessage());
            }
        }
    }
}
