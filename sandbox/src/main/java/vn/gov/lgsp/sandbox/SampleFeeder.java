package vn.gov.lgsp.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a one-stop system: sends sample dossier events to {@code POST /api/v1/dossier-events} from several
 * threads, with some of each dossier's steps swapped, as retries and parallel senders do in real life.
 */
public final class SampleFeeder {

    private static final Logger log = LoggerFactory.getLogger(SampleFeeder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI eventsUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SampleFeeder(URI eventsUrl, String apiKey) {
        this.eventsUrl = eventsUrl;
        this.apiKey = apiKey;
    }

    /** What the one-stop API answered. */
    public record Result(int accepted, int refused) {
    }

    /** Sends every event of {@code dossiers}, shuffled across dossiers, with neighbouring steps sometimes swapped. */
    public Result feed(List<List<ObjectNode>> dossiers, int threads, long seed) throws InterruptedException {
        Random random = new Random(seed);
        List<ObjectNode> order = new ArrayList<>();
        for (List<ObjectNode> events : dossiers) {
            List<ObjectNode> steps = new ArrayList<>(events);
            for (int i = 0; i + 1 < steps.size(); i++) {
                if (random.nextInt(4) == 0) {
                    Collections.swap(steps, i, i + 1);
                }
            }
            order.addAll(steps);
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (ObjectNode event : order) {
            pool.execute(() -> {
                if (send(event)) {
                    accepted.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return new Result(accepted.get(), refused.get());
    }

    /** Sends one event; a transport failure or a 5xx is retried a few times, as a one-stop system would. */
    public boolean send(ObjectNode event) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(eventsUrl)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", apiKey)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(event)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return true;
                }
                if (response.statusCode() < 500) {
                    log.warn("One-stop API refused event {}: {} {}", event.path("eventId").asText(),
                            response.statusCode(), response.body());
                    return false;
                }
            } catch (IOException e) {
                log.debug("Sending event failed (attempt {}): {}", attempt, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
