package vn.gov.lgsp.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.springframework.stereotype.Component;

/**
 * Camel's own developer consoles, read-only, inside the console's login: routes with their throughput and errors,
 * inflight and blocked exchanges, circuit breakers, consumers, the context. Consoles that send messages, evaluate
 * expressions, reload or show configuration values are left out on purpose.
 */
@Component
public class CamelRuntime {

    public static final List<String> VIEWS = List.of("context", "route", "inflight", "blocked", "circuit-breaker",
            "consumer", "health", "top");

    private final CamelContext camel;

    public CamelRuntime(CamelContext camel) {
        this.camel = camel;
    }

    /** The console's text, empty when the view is not one of {@link #VIEWS} or Camel has no such console. */
    public Optional<String> text(String view) {
        if (!VIEWS.contains(view)) {
            return Optional.empty();
        }
        DevConsoleRegistry registry = DevConsoleRegistry.get(camel);
        if (registry == null) {
            return Optional.empty();
        }
        return registry.getConsole(view).filter(c -> c.supportMediaType(DevConsole.MediaType.TEXT))
                .map(c -> String.valueOf(c.call(DevConsole.MediaType.TEXT, Map.of())));
    }
}
