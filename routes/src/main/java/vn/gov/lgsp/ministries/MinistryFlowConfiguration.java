package vn.gov.lgsp.ministries;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import vn.gov.lgsp.adapters.ministry.InterAgencyFaults;
import vn.gov.lgsp.adapters.ministry.InterAgencyService;
import vn.gov.lgsp.adapters.ministry.SignedPackages;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.FlowProperties;
import vn.gov.lgsp.signatures.Signatures;

/**
 * The inter-agency exchange with ministries (DOMAIN 6): the chain flow fed by dossier events, the province's SOAP
 * service at {@code /services/inter-agency} (MTOM on, our WSDL served at {@code ?wsdl}), package signing, and the
 * overdue-steps metric. The flow of each ministry is registered by {@link MinistryFlowRegistrar}.
 */
@Configuration(proxyBeanMethods = false)
public class MinistryFlowConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MinistryFlowConfiguration.class);

    static final String CHAIN_DEFINITION = "ministryChainFlowDefinition";
    /** Under the CXF servlet's path ({@code cxf.path}, {@code /services}). */
    public static final String SERVICE_PATH = "/inter-agency";

    @Bean(CHAIN_DEFINITION)
    FlowDefinition ministryChainFlowDefinition(Environment environment) {
        return new FlowDefinition("ministries", MinistryChainFlow.PEER, Queues.MINISTRY_CHAINS, true,
                FlowProperties.bind(environment, "ministries"));
    }

    @Bean
    SignedPackages signedPackages(Signatures signatures) {
        return new SignedPackages(signatures.xml(), signatures.signingKey(), Clock.systemUTC());
    }

    /**
     * Published when the chain table names ministries; they need the province's key (packages and receipts are
     * signed), so its absence stops the start.
     */
    @Bean(destroyMethod = "stop")
    EndpointImpl interAgencyEndpoint(Bus bus, SignedPackages signedPackages, MinistryInbox inbox, MinistryChains chains) {
        if (chains.agencies().isEmpty()) {
            log.info("The chain table (app.flows.ministries.chains) names no ministry: the inter-agency service is not published");
            return null;
        }
        if (signedPackages.ownAgency().isEmpty()) {
            throw new IllegalStateException("app.signatures.signing.* must be set: the chain table "
                    + "(app.flows.ministries.chains) sends dossiers to " + chains.agencies() + " and they are signed");
        }
        EndpointImpl endpoint = new EndpointImpl(bus, new InterAgencyService(signedPackages, inbox, Clock.systemUTC()));
        endpoint.setWsdlLocation("classpath:wsdl/inter-agency.wsdl");
        endpoint.getProperties().put("mtom-enabled", Boolean.TRUE);
        endpoint.getOutFaultInterceptors().add(new InterAgencyFaults.ContractDetail(inbox));
        endpoint.publish(SERVICE_PATH);
        return endpoint;
    }

    /** Chain steps past their due time without a result ({@code lgsp_ministry_steps_overdue}). */
    @Bean
    Gauge ministryStepsOverdue(MeterRegistry meters, MinistryLedger ledger) {
        return Gauge.builder("lgsp.ministry.steps.overdue", ledger, MinistryLedger::overdueSteps)
                .description("inter-agency chain steps past their due time (working days) without a result")
                .register(meters);
    }
}
