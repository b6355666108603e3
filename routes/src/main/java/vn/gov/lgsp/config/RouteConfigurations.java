package vn.gov.lgsp.config;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.error.PeerException;
import vn.gov.lgsp.parking.Parking;

/**
 * Error policies, declared once and chosen by routes by id.
 *
 * <p>{@value #PEER_DELIVERY}: a transacted consumer delivering to a peer. A failure rolls the message back to
 * the broker, which redelivers it later (the broker owns redelivery; Camel does not retry in memory). Once a
 * message has been delivered {@code maxDeliveryAttempts} times its step is parked with the last failure.
 * Permanent rejections never reach this policy: the flows park them where they happen.
 *
 * <p>{@value #SCHEDULED_JOB}: a failed run is logged and the next run tries again.
 */
@Component
public class RouteConfigurations extends RouteConfigurationBuilder {

    public static final String PEER_DELIVERY = "peer-delivery";
    public static final String SCHEDULED_JOB = "scheduled-job";
    /** Exchange property a peer-delivery route sets: the peer it delivers to. */
    public static final String PEER = "lgspPeer";
    /** Exchange property a peer-delivery route sets: deliveries of one message before its step is parked. */
    public static final String MAX_DELIVERY_ATTEMPTS = "lgspMaxDeliveryAttempts";

    @Override
    public void configuration() {
        Predicate attemptsExhausted = exchange -> {
            Integer count = exchange.getMessage().getHeader(MessageHeaders.DELIVERY_COUNT, Integer.class);
            Integer max = exchange.getProperty(MAX_DELIVERY_ATTEMPTS, Integer.class);
            return count != null && max != null && count >= max;
        };

        routeConfiguration(PEER_DELIVERY)
                .onException(Exception.class)
                    .onWhen(attemptsExhausted)
                    .handled(true)
                    .process(RouteConfigurations::parkFailing)
                .end()
                .onException(Exception.class)
                    .handled(false)
                    .logExhausted(false)
                    .log(LoggingLevel.WARN, "vn.gov.lgsp.delivery",
                            "Delivery of dossier ${header." + MessageHeaders.GROUP_ID + "} to ${exchangeProperty." + PEER
                                    + "} failed (attempt ${header." + MessageHeaders.DELIVERY_COUNT
                                    + "}), the broker will redeliver: ${exception.message}")
                .end();

        routeConfiguration(SCHEDULED_JOB)
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.ERROR, "vn.gov.lgsp.jobs", "Scheduled job ${routeId} failed: ${exception}")
                .end();
    }

    private static void parkFailing(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reasonCode = failure instanceof PeerException p ? p.code() : "internal.error";
        exchange.getContext().getRegistry().findSingleByType(Parking.class).parkFailing(
                exchange.getProperty(PEER, String.class),
                exchange.getMessage().getHeader(MessageHeaders.GROUP_ID, String.class),
                exchange.getMessage().getHeader(MessageHeaders.DELIVERY_COUNT, Integer.class),
                reasonCode, failure);
    }
}
