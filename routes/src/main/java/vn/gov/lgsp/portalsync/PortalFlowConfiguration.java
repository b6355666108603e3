package vn.gov.lgsp.portalsync;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import vn.gov.lgsp.adapters.portal.PortalClient;
import vn.gov.lgsp.adapters.portal.PortalProperties;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.FlowProperties;
import vn.gov.lgsp.delivery.PeerBreakers;
import vn.gov.lgsp.ledger.MessageLog;

/**
 * The dossier → national portal flow ({@code app.flows.portal-sync.*}) and the portal adapter, whose every call
 * goes through the portal's breaker and into the message log.
 */
@Configuration(proxyBeanMethods = false)
public class PortalFlowConfiguration {

    static final String DEFINITION = "portalFlowDefinition";

    @Bean(DEFINITION)
    FlowDefinition portalFlowDefinition(Environment environment) {
        return new FlowDefinition("portal-sync", PortalFlow.PEER, Queues.PORTAL, true,
                FlowProperties.bind(environment, "portal-sync"));
    }

    @Bean
    PortalClient portalClient(PortalProperties properties, ObjectMapper json, MessageLog messageLog, PeerBreakers breakers) {
        return new PortalClient(properties, json, messageLog, breakers.of(PortalFlow.PEER));
    }
}
