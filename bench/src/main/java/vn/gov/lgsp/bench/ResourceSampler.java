package vn.gov.lgsp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Samples the middleware's used heap (from its actuator) and resident memory (from /proc) twice a second, and splits
 * the machine's CPU time between the middleware and this process (load generator and simulated peers) since the
 * last {@link #reset}, in cores: a reader sees who used what. Of the middleware's, what its JIT compiler threads and
 * its garbage collector's threads used is told apart: a phase whose compiler still works is not steady state.
 */
final class ResourceSampler {

    /** Over a window of {@code seconds}: peaks of memory, and cores used on average. */
    record Peak(double heapMb, double rssMb, double middlewareCores, double benchCores, double machineCores,
                double jitCores, double gcCores, double seconds) {
    }

    /**
     * CPU ticks used so far: by the middleware (and of that by its JIT compiler and GC threads), by this process, by
     * the whole machine; and when they were read.
     */
    private record Ticks(long middleware, long jit, long gc, long bench, long machine, long nanos) {
    }

    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux we run on

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile double heapMax;
    private volatile double rssMax;
    private volatile boolean running;
    private volatile Ticks since;
    private long pid;
    private Thread sampler;

    void start(long pid, String base) {
        this.pid = pid;
        this.since = ticks();
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
        since = ticks();
    }

    Peak peak() {
        Ticks now = ticks();
        Ticks from = since;
        double seconds = Math.max(1e-9, (now.nanos() - from.nanos()) / 1e9);
        double ticks = seconds * TICKS_PER_SECOND;
        return new Peak(heapMax, rssMax, (now.middleware() - from.middleware()) / ticks,
                (now.bench() - from.bench()) / ticks, (now.machine() - from.machine()) / ticks,
                (now.jit() - from.jit()) / ticks, (now.gc() - from.gc()) / ticks, seconds);
    }

    private Ticks ticks() {
        long[] jitAndGc = jitAndGcTicks(pid);
        return new Ticks(processTicks(String.valueOf(pid)), jitAndGc[0], jitAndGc[1], processTicks("self"),
                machineBusyTicks(), System.nanoTime());
    }

    /**
     * CPU ticks of the process's HotSpot compiler threads ({@code C1/C2 CompilerThread}) and garbage collector
     * threads (G1's workers, marker, refinement and service threads), by their names in /proc (a thread that ended
     * takes its ticks with it: compiler threads come and go, so this is at least what they used).
     */
    static long[] jitAndGcTicks(long pid) {
        long[] ticks = new long[2];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                long used = usedTicks(stat);
                if (name.contains("CompilerThre")) {
                    ticks[0] += used;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    ticks[1] += used;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: the split is not reported, the totals still are
        }
        return ticks;
    }

    /** Seconds of CPU this process has used so far, its threads included. */
    static double cpuSecondsOfThisProcess() {
        return processTicks("self") / TICKS_PER_SECOND;
    }

    /** utime + stime of a process, its threads included. */
    private static long processTicks(String pid) {
        try {
            return usedTicks(Files.readString(Path.of("/proc", pid, "stat")));
        } catch (Exception e) {
            return 0;
        }
    }

    /** utime + stime from a process's or a thread's /proc stat line (fields 14 and 15, after the name). */
    private static long usedTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Every CPU's busy time: all of /proc/stat's first line but idle and iowait. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (Exception e) {
            return 0;
        }
    }

    void stop() {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
        }
    }
}
