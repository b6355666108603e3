package vn.gov.lgsp.ministries;

import java.nio.file.Path;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.ministry.MinistryClient;
import vn.gov.lgsp.adapters.ministry.SignedPackages;
import vn.gov.lgsp.attachments.AttachmentStore;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.FlowProperties;
import vn.gov.lgsp.delivery.PeerBreakers;
import vn.gov.lgsp.ledger.MessageLog;

/**
 * One delivery flow per ministry of the chain table, each with its own queue ({@code ministry.<agency code>}),
 * breaker, retries and parking, all under {@code app.flows.ministries.*}: a ministry that is down holds only its
 * own packages. The table is read before any bean is made, so that the broker, the breakers and the routes know
 * every ministry flow; a wrong table or a ministry without an address stops the start.
 */
@Component
public class MinistryFlowRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        MinistryChains chains = MinistryChains.load(Path.of(environment.getProperty("app.flows.ministries.chains",
                "config/ministry-chains.yml")));
        registry.registerBeanDefinition("ministryChains", BeanDefinitionBuilder
                .genericBeanDefinition(MinistryChains.class, () -> chains).getBeanDefinition());
        MinistryPeers peers = MinistryPeers.bind(environment);
        for (String agency : chains.agencies()) {
            MinistryPeers.Peer peer = peers.of(agency);
            String peerName = MinistryPackages.peerOf(agency);
            String definitionName = "ministryFlowDefinition-" + agency;
            registry.registerBeanDefinition(definitionName, BeanDefinitionBuilder.genericBeanDefinition(FlowDefinition.class,
                    () -> new FlowDefinition("ministries", peerName, MinistryPackages.queueOf(agency), false,
                            FlowProperties.bind(environment, "ministries"))).getBeanDefinition());
            String clientName = "ministryClient-" + agency;
            BeanFactory beans = (BeanFactory) registry;
            registry.registerBeanDefinition(clientName, BeanDefinitionBuilder.genericBeanDefinition(MinistryClient.class,
                    () -> new MinistryClient(peerName, agency, peer.endpoint(), peer.connectTimeout(), peer.timeout(),
                            beans.getBean(SignedPackages.class), beans.getBean(MessageLog.class),
                            beans.getBean(PeerBreakers.class).of(peerName))).getBeanDefinition());
            registry.registerBeanDefinition("ministryPackageFlow-" + agency, BeanDefinitionBuilder
                    .genericBeanDefinition(MinistryPackageFlow.class, () -> new MinistryPackageFlow(
                            beans.getBean(definitionName, FlowDefinition.class), beans.getBean(clientName, MinistryClient.class),
                            beans.getBean(MinistryLedger.class), beans.getBean(MinistryPackages.class),
                            beans.getBean(AttachmentStore.class))).getBeanDefinition());
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }
}
