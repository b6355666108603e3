package vn.gov.lgsp.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.stereotype.Component;

/**
 * Camel's own developer consoles, read-only, inside the console's login: routes with their throughput and errors,
 * inflight and blocked exchanges, circuit breakers, consumers, the context. Consoles that send messages, evaluate
 * expressions, reload or show configuration values are left out on purpose. Each console is resolved the first time
 * it is asked for: Camel's own dev-console mode loads every console at start, which took half a minute of the node's
 * start-up on 2 cores.
 */
@Component
public class CamelRuntime {

    public static final List<String> VIEWS = List.of("context", "route", "inflight", "blocked", "circuit-breaker",
            "consumer", "health", "top");

    private final CamelContext camel;
    private final Map<String, Optional<DevConsole>> consoles = new ConcurrentHashMap<>();

    public CamelRuntime(CamelContext camel) {
        this.camel = camel;
    }

    /** The console's text, empty when the view is not one of {@link #VIEWS} or Camel has no such console. */
    public Optional<String> text(String view) {
        if (!VIEWS.contains(view)) {
            return Optional.empty();
        }
        return consoles.computeIfAbsent(view, this::resolve).map(c -> String.valueOf(c.call(DevConsole.MediaType.TEXT, Map.of())));
    }

    private Optional<DevConsole> resolve(String id) {
        DevConsole console = PluginHelper.getDevConsoleResolver(camel).resolveDevConsole(id);
        if (console == null || !console.supportMediaType(DevConsole.MediaType.TEXT)) {
            return Optional.empty();
        }
        ServiceHelper.startService(console);
        return Optional.of(console);
    }
}
