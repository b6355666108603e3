package vn.gov.lgsp.portalsync;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.lgsp.adapters.portal.PortalClient;
import vn.gov.lgsp.adapters.portal.PortalProperties;
import vn.gov.lgsp.ledger.MessageLog;

/** The national portal adapter, writing every exchange to the message log. */
@Configuration(proxyBeanMethods = false)
public class PortalAdapterConfiguration {

    @Bean
    PortalClient portalClient(PortalProperties properties, ObjectMapper json, MessageLog messageLog) {
        return new PortalClient(properties, json, messageLog);
    }
}
