package vn.gov.lgsp.config;

import jakarta.jms.ConnectionFactory;
import java.util.List;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.FlowProperties;

/**
 * The broker and the Camel JMS component. The embedded Artemis (the default) gets its addresses, queues, diverts
 * and redelivery policies here; an external broker gets the same from {@code config/artemis/broker.xml}.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    /**
     * How long the journal gathers writes before one flush to disk. Every durable send and transacted receive
     * waits for that flush, so concurrent requests share it; Artemis's default (about 3.3 ms) makes each one wait
     * longer than the disk needs (a flush takes about 0.2 ms). The benchmark's raw broker limit (BrokerLimit) uses the same value.
     */
    public static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 500_000;

    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory) {
        return JmsComponent.jmsComponent(connectionFactory);
    }

    /**
     * Sends that are on disk when they return, outside whatever broker transaction the sending thread is in: a
     * consumer that records news in the database puts it on its queue this way before acknowledging its own message,
     * so that a crash finds the news queued already, or the message redelivered (and its news sent again). Its own
     * connection factory keeps Spring from joining these sends to the consumer's transaction.
     */
    @Bean(Queues.COMPONENT_OWN_COMMIT)
    JmsComponent jmsOwnCommit(OwnCommitConnections connections) {
        return JmsComponent.jmsComponent(connections.factory());
    }

    /** The connection factory of {@link Queues#COMPONENT_OWN_COMMIT}, closed with the application. */
    @Bean
    OwnCommitConnections ownCommitConnections(ConnectionFactory connectionFactory) {
        return new OwnCommitConnections(connectionFactory instanceof CachingConnectionFactory caching
                ? new CachingConnectionFactory(caching.getTargetConnectionFactory())
                : new SingleConnectionFactory(connectionFactory));
    }

    /** Not a ConnectionFactory bean itself, so that the application's own stays the only one. */
    record OwnCommitConnections(SingleConnectionFactory factory) implements DisposableBean {

        @Override
        public void destroy() {
            factory.destroy();
        }
    }

    /**
     * Redelivery belongs to the broker, so that a retry survives a restart: a rolled-back message comes back
     * after an exponentially growing, jittered delay. The route parks it after the configured number of
     * attempts, so the broker never dead-letters on its own.
     */
    @Bean
    ArtemisConfigurationCustomizer journalFlushes() {
        return configuration -> {
            configuration.setJournalBufferTimeout_NIO(JOURNAL_BUFFER_TIMEOUT_NANOS);
            configuration.setJournalBufferTimeout_AIO(JOURNAL_BUFFER_TIMEOUT_NANOS);
        };
    }

    /**
     * Every flow has its own durable queue, with its own redelivery policy. Redelivery belongs to the broker, so
     * that a retry survives a restart: a rolled-back message comes back after an exponentially growing, jittered
     * delay; the route parks it after the flow's {@code max-attempts}, so the broker never dead-letters on its own.
     * Dossier events are published once to {@link Queues#DOSSIER_EVENTS}; a divert per flow fed by them copies each
     * event whose {@link MessageHeaders#FLOWS} names that flow onto its queue, in the publisher's transaction.
     */
    @Bean
    ArtemisConfigurationCustomizer flowQueues(List<FlowDefinition> flows) {
        return configuration -> {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(Queues.DOSSIER_EVENTS)
                    .addRoutingType(RoutingType.MULTICAST));
            for (FlowDefinition flow : flows) {
                configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(flow.queue())
                        .addRoutingType(RoutingType.ANYCAST)
                        .addQueueConfiguration(QueueConfiguration.of(flow.queue()).setRoutingType(RoutingType.ANYCAST)
                                .setDurable(true)));
                FlowProperties.Retry retry = flow.properties().retry();
                configuration.addAddressSetting(flow.queue(), new AddressSettings()
                        .setRedeliveryDelay(retry.initialDelay().toMillis())
                        .setRedeliveryMultiplier(retry.multiplier())
                        .setMaxRedeliveryDelay(retry.maxDelay().toMillis())
                        .setRedeliveryCollisionAvoidanceFactor(retry.jitter())
                        .setMaxDeliveryAttempts(-1));
                if (flow.dossierEvents()) {
                    configuration.addDivertConfiguration(new DivertConfiguration()
                            .setName(Queues.DOSSIER_EVENTS + "-to-" + flow.peer())
                            .setAddress(Queues.DOSSIER_EVENTS)
                            .setForwardingAddress(flow.queue())
                            .setExclusive(false)
                            .setFilterString(routingFilter(flow))
                            .setRoutingType(ComponentConfigurationRoutingType.ANYCAST));
                }
            }
        };
    }

    /** The events a flow's divert takes: those whose routing mark names the flow's peer. */
    private static String routingFilter(FlowDefinition flow) {
        return MessageHeaders.FLOWS + " LIKE '%," + flow.peer() + ",%'";
    }
}
