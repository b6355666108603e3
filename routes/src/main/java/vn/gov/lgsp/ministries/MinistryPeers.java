package vn.gov.lgsp.ministries;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The ministry systems' SOAP addresses, {@code app.peers.ministries[<agency code>].endpoint} (the brackets keep the
 * dots of the code), with optional {@code connect-timeout} and {@code timeout} per ministry.
 */
public record MinistryPeers(Map<String, Peer> byAgency) {

    public record Peer(URI endpoint, Duration connectTimeout, Duration timeout) {

        public Peer {
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        }
    }

    public static MinistryPeers bind(Environment environment) {
        return new MinistryPeers(Binder.get(environment).bind("app.peers.ministries",
                Bindable.mapOf(String.class, Peer.class)).orElse(Map.of()));
    }

    /** The ministry's address; a chain that names a ministry without one stops the start. */
    public Peer of(String agency) {
        Peer peer = byAgency.get(agency);
        if (peer == null || peer.endpoint() == null) {
            throw new IllegalStateException("app.peers.ministries[" + agency + "].endpoint is not set, but the chain table "
                    + "(app.flows.ministries.chains) sends dossiers to " + agency);
        }
        String scheme = peer.endpoint().getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalStateException("app.peers.ministries[" + agency + "].endpoint must be an http(s) URL, not "
                    + peer.endpoint());
        }
        return peer;
    }
}
