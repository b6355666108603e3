package vn.gov.lgsp.config;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.lgsp.portalsync.PortalSyncProperties;

/**
 * The broker and the Camel JMS component. The embedded Artemis (the default) gets its redelivery policy here;
 * an external broker gets the same from {@code config/artemis/broker.xml}.
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

    @Bean
    ArtemisConfigurationCustomizer redeliveryPolicy(PortalSyncProperties portalSync) {
        return configuration -> {
            PortalSyncProperties.Retry retry = portalSync.retry();
            configuration.addAddressSetting(Queues.PORTAL_STATUS, new AddressSettings()
                    .setRedeliveryDelay(retry.initialDelay().toMillis())
                    .setRedeliveryMultiplier(retry.multiplier())
                    .setMaxRedeliveryDelay(retry.maxDelay().toMillis())
                    .setRedeliveryCollisionAvoidanceFactor(retry.jitter())
                    .setMaxDeliveryAttempts(-1));
        };
    }
}
