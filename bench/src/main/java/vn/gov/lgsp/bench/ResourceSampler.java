package vn.gov.lgsp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Samples the middleware's used heap (from its actuator) and resident memory (from /proc) twice a second. */
final class ResourceSampler {

    record Peak(double heapMb, double rssMb) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile double heapMax;
    private volatile double rssMax;
    private volatile boolean running;
    private Thread sampler;

    void start(long pid, String base) {
        running = true;
        sampler = new Thread(() -> {
            while (running) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/actuator/metrics/jvm.memory.used?tag=area:heap")).build(), HttpResponse.BodyHandlers.ofString());
                    double heap = JSON.readTree(r.body()).path("measurements").path(0).path("value").asDouble() / 1048576;
                    heapMax = Math.max(heapMax, heap);
                    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                        if (line.startsWith("VmRSS:")) {
                            rssMax = Math.max(rssMax, Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
                        }
                    }
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample is no reason to stop measuring
                }
            }
        }, "bench-resources");
        sampler.setDaemon(true);
        sampler.start();
    }

    void reset() {
        heapMax = 0;
        rssMax = 0;
    }

    Peak peak() {
        return new Peak(heapMax, rssMax);
    }

    void stop() {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
        }
    }
}
