package vn.gov.lgsp.callbacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import vn.gov.lgsp.adapters.onestop.CallbackClient;
import vn.gov.lgsp.config.AccessProperties;
import vn.gov.lgsp.config.Queues;
import vn.gov.lgsp.delivery.FlowDefinition;
import vn.gov.lgsp.delivery.FlowProperties;
import vn.gov.lgsp.delivery.PeerBreakers;
import vn.gov.lgsp.ledger.MessageLog;

/** The callback flow ({@code app.flows.callbacks.*}) and its adapter; every callback URL is checked at start. */
@Configuration(proxyBeanMethods = false)
public class CallbackFlowConfiguration {

    static final String DEFINITION = "callbackFlowDefinition";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Bean(DEFINITION)
    FlowDefinition callbackFlowDefinition(Environment environment) {
        return new FlowDefinition("callbacks", CallbackFlow.PEER, Queues.CALLBACKS, false,
                FlowProperties.bind(environment, "callbacks"));
    }

    @Bean
    CallbackClient callbackClient(ObjectMapper json, MessageLog messageLog, PeerBreakers breakers, AccessProperties access,
                                  @Value("${server.port:8080}") int serverPort) {
        access.onestop().clients().forEach((name, client) -> checkCallbackUrl(name, client.callbackUrl(), serverPort));
        Duration timeout = access.onestop().callbackTimeout();
        return new CallbackClient(json, messageLog, breakers.of(CallbackFlow.PEER),
                timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT, timeout);
    }

    /** A callback URL must be http(s), and must not point at this middleware: it would call itself. */
    static void checkCallbackUrl(String client, URI url, int serverPort) {
        if (url == null) {
            return;
        }
        String key = "app.onestop.clients." + client + ".callback-url";
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalStateException(key + " must be an absolute http or https URL, not '" + url + "'");
        }
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        if (port == serverPort && isThisMachine(url.getHost())) {
            throw new IllegalStateException(key + " points at this middleware itself (" + url + "); it must be the "
                    + "one-stop software's address");
        }
    }

    private static boolean isThisMachine(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
