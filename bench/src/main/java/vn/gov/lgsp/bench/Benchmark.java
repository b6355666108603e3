package vn.gov.lgsp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import vn.gov.lgsp.sandbox.SampleDossiers;
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;
import vn.gov.lgsp.sandbox.SandboxMinistries;
import vn.gov.lgsp.sandbox.SandboxPaymentPlatform;
import vn.gov.lgsp.sandbox.SandboxPostalOperator;
import vn.gov.lgsp.sandbox.SandboxCallbackReceiver;
import vn.gov.lgsp.sandbox.SandboxPortal;
import vn.gov.lgsp.support.PostgresServer;

/**
 * The one-stop → national portal path under load, against the raw broker limit measured in the same run.
 *
 * <p>Starts the packaged middleware ({@code routes/target/lgsp.jar}) as its own process with persistent queues, the
 * database ledger and the message log, points it at a sandbox portal in this process, and drives the one-stop API
 * with realistic dossier events: open-loop at fixed rates and then as fast as several clients can, with dossiers only
 * the portal takes (the portal path alone, every other flow on and idle), then as fast again with the sample mix that
 * reaches every flow (payments, post, ministries) as a one-stop client with a callback URL (every step the portal
 * takes is also told back to a sandbox one-stop receiver in this process). Each event's latency runs from its
 * {@code 202} to the portal accepting the step. Every dossier is checked at the end: each step delivered exactly
 * once and in order, and each callback acknowledged exactly once and in order, or the run fails.
 *
 * <p>Arguments: {@code --quick}, {@code --rates=100,300,500,1000}, {@code --seconds=20}, {@code --clients=16},
 * {@code --warmup=240} (seconds of load at 200/s before measuring, not counted; quick mode too),
 * {@code --profile} (a JFR recording of the middleware under {@code bench/target}), {@code --set=key=value} (a
 * setting passed to the middleware, e.g. {@code --set=app.flows.portal-sync.consumers=16}),
 * {@code --database=h2|postgresql|both} (the ledger: the embedded default, a PostgreSQL server from Maven Central's
 * binaries, or one run on each; quick: h2, full: both), {@code --cds} (start the middleware with a class-data archive).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ONESTOP_KEY = "bench-onestop-key-0000001";
    /** A second one-stop client, with a callback URL: its events are told back. */
    private static final String CALLBACKS_KEY = "bench-callbacks-key-00001";
    private static final String POSTAL_CLIENT = "bench-lgsp";
    private static final String POSTAL_SECRET = "bench-postal-secret";
    private static final String POSTAL_CUSTOMER = "KH56BENCH";
    private static final String POSTAL_HMAC_KEY = "bench-postal-hmac-key";
    private static final String PKI_PASSWORD = "bench-pki";
    private static final String PROVINCE = "000.00.00.H56";
    private static final List<String> MINISTRIES = List.of("000.00.00.G12", "000.00.00.G10", "000.00.00.G20");
    private static final String PAYMENT_PARTNER = "BENCH-H56";
    private static final String PAYMENT_SECRET = "bench-payment-secret";
    private static final double AVERAGE_STEPS = 5.7;
    private static final int WARMUP_RATE = 200;
    private static final int MIDDLEWARE_HEAP_MB = 512;

    private final boolean quick;
    private final int[] rates;
    private final int seconds;
    private final int warmupSeconds;
    private final int clients;
    private final boolean profile;
    private final boolean cds;
    private final List<Database> databases;
    /** The sample day of the next phase: every phase, on every database, sends dossiers of its own. */
    private int day;
    private final List<String> settings = new ArrayList<>();
    private final Path out = Path.of("bench", "target");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();

    private SandboxPortal portal;
    private SandboxCallbackReceiver onestop;
    private SandboxPostalOperator post;
    private SandboxPaymentPlatform platform;
    private SandboxPki pki;
    private SandboxMinistries ministries;
    private Process middleware;
    private String base;
    private volatile String apiKey = ONESTOP_KEY;
    private List<List<ObjectNode>> toldBack = List.of();
    private final List<List<ObjectNode>> allDossiers = new ArrayList<>();
    private final ResourceSampler resources = new ResourceSampler();
    private final List<Path> scratch = new ArrayList<>();

    private Benchmark(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv[0].equals("set") && kv.length > 1) {
                settings.add("--" + kv[1]);
            } else {
                a.put(kv[0], kv.length > 1 ? kv[1] : "true");
            }
        }
        quick = a.containsKey("quick");
        rates = Arrays.stream(a.getOrDefault("rates", quick ? "500" : "100,300,500,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        seconds = Integer.parseInt(a.getOrDefault("seconds", quick ? "15" : "20"));
        warmupSeconds = Integer.parseInt(a.getOrDefault("warmup", "240"));
        clients = Integer.parseInt(a.getOrDefault("clients", "16"));
        profile = a.containsKey("profile");
        cds = a.containsKey("cds");
        String database = a.getOrDefault("database", quick ? "h2" : "both");
        databases = database.equals("both") ? List.of(Database.values())
                : List.of(Database.valueOf(database.toUpperCase(Locale.ROOT)));
    }

    public static void main(String[] args) throws Exception {
        System.exit(new Benchmark(args).run());
    }

    /** One phase's figures. */
    /**
     * One phase's figures. CPU is over sending and draining; {@code jitCores} and {@code gcCores} are part of the
     * middleware's; the milliseconds of CPU per event are what each accepted event cost the middleware and this
     * process (its HTTP client and the simulated portal), backlog included.
     */
    record Phase(String name, int targetRate, int sent, int accepted, int refused, double acceptedPerSecond,
                 double deliveredPerSecond, double p50Ms, double p95Ms, double p99Ms, double maxMs,
                 double heapMaxMb, double rssMaxMb, int backlogAtEnd, double ratioToLimit, double callbacksPerSecond,
                 double middlewareCores, double benchCores, double machineCores, double jitCores, double gcCores,
                 double middlewareMsPerEvent, double benchMsPerEvent) {

        Phase withCallbacks(double perSecond) {
            return new Phase(name, targetRate, sent, accepted, refused, acceptedPerSecond, deliveredPerSecond, p50Ms, p95Ms,
                    p99Ms, maxMs, heapMaxMb, rssMaxMb, backlogAtEnd, ratioToLimit, perSecond, middlewareCores, benchCores,
                    machineCores, jitCores, gcCores, middlewareMsPerEvent, benchMsPerEvent);
        }
    }

    /** Where the middleware keeps its ledger: its embedded default, or a PostgreSQL server (binaries from Maven Central). */
    enum Database {
        H2, POSTGRESQL;

        final String label = name().toLowerCase(Locale.ROOT);

        AutoCloseable start() throws Exception {
            return this == H2 ? () -> { } : PostgresServer.start();
        }

        List<String> settings(AutoCloseable server) {
            return server instanceof PostgresServer pg ? List.of("--spring.datasource.url=" + pg.url(),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=") : List.of();
        }
    }

    /** Which dossiers a phase sends: those only the portal takes, or the sample mix that reaches every flow. */
    enum Mix {
        PORTAL_ONLY, EVERY_FLOW
    }

    /** An event the middleware accepted, and when. */
    record Accepted(String dossierCode, int index, long acceptedNanos) {
    }

    private int run() throws Exception {
        Files.createDirectories(out);
        Path jar = Path.of("routes", "target", "lgsp.jar");
        if (!Files.exists(jar)) {
            System.err.println("routes/target/lgsp.jar is missing: run ./mvnw -pl bench -am -DskipTests -Pbench verify");
            return 2;
        }
        int messageSize = messageSize();
        System.out.printf("Benchmark (%s): %d HTTP clients, phases of about %d s, message size %d bytes%n",
                quick ? "quick" : "full", clients, seconds, messageSize);

        Path limitDir = scratch("lgsp-bench-limit-");
        BrokerLimit.Limit limit = BrokerLimit.measure(limitDir, messageSize, clients, 4,
                Duration.ofSeconds(3), Duration.ofSeconds(quick ? 8 : 15));
        deleteTree(limitDir);
        scratch.remove(limitDir);
        System.out.printf(Locale.ROOT, "Raw broker limit: %.0f persistent messages/s (%d durable producers, 4 transacted "
                + "consumers), %.2f cores, %.2f ms of CPU per message%n", limit.perSecond(), clients, limit.cores(),
                limit.msPerMessage());

        portal = SandboxPortal.start(0, "sandbox", "sandbox", "000.00.00.H56");
        onestop = SandboxCallbackReceiver.start(0, CALLBACKS_KEY);
        post = SandboxPostalOperator.start(0, POSTAL_CLIENT, POSTAL_SECRET, POSTAL_CUSTOMER, POSTAL_HMAC_KEY,
                Duration.ofSeconds(2));
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        post.pushTo(URI.create(base + "/api/v1/postal/tracking"));
        platform = SandboxPaymentPlatform.start(0, PAYMENT_PARTNER, PAYMENT_SECRET, Duration.ofSeconds(3));
        platform.confirmTo(URI.create(base + "/api/v1/payments/confirm"));
        // The sample mix has birth and death dossiers: their chains run through three sandbox ministries.
        pki = SandboxPki.openOrCreate(scratch("lgsp-bench-pki-"), 0, PKI_PASSWORD.toCharArray());
        ministries = SandboxMinistries.start(0, MINISTRIES.stream().map(agency -> new SandboxMinistries.Ministry(agency,
                pki.signingKey(agency).privateKey(), pki.signingKey(agency).chain())).toList(), pki.rootCertificate(),
                PROVINCE, Duration.ofSeconds(2));
        ministries.replyTo(URI.create(base + "/services/inter-agency"));
        List<Map<String, Object>> runs = new ArrayList<>();
        boolean ok = true;
        try {
            List<String> launcher = classDataSharing(jar, port);
            for (Database database : databases) {
                ok &= measure(database, launcher, port, limit, runs);
            }
            write(limit, messageSize, runs);
            return ok ? 0 : 1;
        } finally {
            resources.stop();
            stopMiddleware();
            portal.close();
            onestop.close();
            post.close();
            platform.close();
            ministries.close();
            pki.close();
            http.executor().ifPresent(e -> ((java.util.concurrent.ExecutorService) e).shutdownNow());
            // A run leaves gigabytes of journal and database: a machine that runs it again should not fill up.
            scratch.forEach(Benchmark::deleteTree);
        }
    }

    /** Every phase against a fresh middleware on {@code database}; its table, its summary line; false if it lost anything. */
    private boolean measure(Database database, List<String> launcher, int port, BrokerLimit.Limit brokerLimit,
                            List<Map<String, Object>> runs) throws Exception {
        double limit = brokerLimit.perSecond();
        try (AutoCloseable db = database.start()) {
            long launched = System.nanoTime();
            middleware = startMiddleware(launcher, port, database.settings(db));
            awaitHealthy();
            double startupSeconds = (System.nanoTime() - launched) / 1e9;
            System.out.printf(Locale.ROOT, "Middleware on %s healthy %.1f s after its launch (%s)%n", database.label,
                    startupSeconds, startedLine());
            resources.start(middleware.pid(), base);
            List<Phase> phases = new ArrayList<>();
            warmUp(limit);
            for (int rate : rates) {
                phases.add(openLoop(rate, ++day, limit, seconds));
            }
            Phase portalOnly = asFastAsAccepted(++day, limit, "as fast as accepted", Mix.PORTAL_ONLY);
            phases.add(portalOnly);
            Phase everyFlow = toldBack(++day, limit);
            phases.add(everyFlow);
            resources.stop();
            Correctness check = verify();
            printTable(database, brokerLimit, phases);
            printCpuBudget(portalOnly, brokerLimit);
            Map<String, Double> rounds = sharedRounds();
            System.out.println("Mean items per shared round over the run (one commit or one portal call each): " + rounds);
            Phase latency = phases.stream().filter(p -> p.targetRate() > 0)
                    .min((x, y) -> Integer.compare(Math.abs(x.targetRate() - 500), Math.abs(y.targetRate() - 500)))
                    .orElse(portalOnly);
            double heapMb = phases.stream().mapToDouble(Phase::heapMaxMb).max().orElse(0);
            double rssMb = phases.stream().mapToDouble(Phase::rssMaxMb).max().orElse(0);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("database", database.label);
            run.put("startupToHealthySeconds", startupSeconds);
            run.put("phases", phases);
            run.put("latencyPhase", latency.name());
            run.put("correctness", check);
            run.put("meanItemsPerSharedRound", rounds);
            runs.add(run);
            System.out.printf(Locale.ROOT, "bench: database=%s delivered=%.0f limit=%.0f ratio=%.2f p50=%.0f p99=%.0f "
                            + "delivered_every_flow=%.0f callbacks=%.0f heap_mb=%.0f rss_mb=%.0f startup_s=%.1f "
                            + "mw_cpu_ms_per_event=%.2f bench_cpu_ms_per_event=%.2f broker_cpu_ms_per_message=%.2f "
                            + "lost=%d duplicated=%d out_of_order=%d callbacks_lost=%d callbacks_out_of_order=%d%n",
                    database.label, portalOnly.deliveredPerSecond(), limit, portalOnly.ratioToLimit(), latency.p50Ms(),
                    latency.p99Ms(), everyFlow.deliveredPerSecond(), everyFlow.callbacksPerSecond(), heapMb, rssMb,
                    startupSeconds, portalOnly.middlewareMsPerEvent(), portalOnly.benchMsPerEvent(),
                    brokerLimit.msPerMessage(), check.lost(), check.duplicated(), check.outOfOrder(), check.callbacksLost(),
                    check.callbacksOutOfOrder());
            return check.ok();
        } finally {
            resources.stop();
            stopMiddleware();
        }
    }

    /** How much the shared commits and calls actually shared, from the middleware's own metrics. */
    private Map<String, Double> sharedRounds() {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String work : List.of("steps", "portal-calls")) {
            means.put(work, mean("lgsp.shared.round.size?tag=work:" + work));
        }
        means.put("intake", mean("lgsp.intake.batch.size"));
        return means;
    }

    private double mean(String metric) {
        try {
            JsonNode m = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/" + metric))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            double count = 0;
            double total = 0;
            for (JsonNode x : m.path("measurements")) {
                if (x.path("statistic").asText().equals("COUNT")) {
                    count = x.path("value").asDouble();
                } else if (x.path("statistic").asText().equals("TOTAL")) {
                    total = x.path("value").asDouble();
                }
            }
            return count == 0 ? 0 : Math.round(total / count * 10) / 10.0;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private void stopMiddleware() throws InterruptedException {
        if (middleware != null) {
            middleware.destroy();
            middleware.waitFor(60, TimeUnit.SECONDS);
            middleware.destroyForcibly();
            middleware = null;
        }
    }

    // ---- phases ----------------------------------------------------------------------------------------

    /**
     * Load before the measured phases, so that they see a JVM whose code is compiled and a warm database; its figures
     * are printed but not counted. On 2 busy cores the JIT compiler still took a third of a core two minutes in, and
     * a twentieth after four (quick runs too, or their figures are the compiler's): each phase reports what it took.
     */
    private void warmUp(double limit) throws InterruptedException {
        if (warmupSeconds > 0) {
            Phase warm = openLoop(WARMUP_RATE, ++day, limit, warmupSeconds);
            System.out.printf(Locale.ROOT, "  warm-up %d s at %d/s: accepted %.0f/s, delivered %.0f/s, JIT compiler "
                            + "%.2f cores on average (not counted)%n", warmupSeconds, WARMUP_RATE, warm.acceptedPerSecond(),
                    warm.deliveredPerSecond(), warm.jitCores());
        }
    }

    /** Events sent at {@code rate} per second on a fixed schedule, whatever the answers take. */
    private Phase openLoop(int rate, int day, double limit, int seconds) throws InterruptedException {
        List<List<ObjectNode>> dossiers = dossiers(day, (int) Math.ceil(rate * seconds / AVERAGE_STEPS), Mix.PORTAL_ONLY);
        List<ObjectNode> events = interleaved(dossiers);
        Semaphore inFlight = new Semaphore(clients);
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        Map<ObjectNode, Integer> index = indexInDossier(dossiers);
        resources.reset();
        long start = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            ObjectNode event = events.get(i);
            http.sendAsync(request(event), HttpResponse.BodyHandlers.discarding()).whenComplete((r, failure) -> {
                inFlight.release();
                if (failure == null && r.statusCode() == 202) {
                    accepted.add(new Accepted(code(event), index.get(event), System.nanoTime()));
                } else {
                    refused.incrementAndGet();
                }
            });
        }
        inFlight.acquire(clients);
        inFlight.release(clients);
        return finish("open loop " + rate + "/s", rate, events.size(), new ArrayList<>(accepted), refused.get(), start,
                (System.nanoTime() - start) / 1e9, limit);
    }

    /**
     * As fast as accepted again, as a one-stop client with a callback URL: the portal path and the callback flow
     * together. Callbacks per second run from the phase's start to the last callback acknowledged.
     */
    private Phase toldBack(int day, double limit) throws InterruptedException {
        int before = allDossiers.size();
        long acknowledged = onestop.acknowledged();
        apiKey = CALLBACKS_KEY;
        long start = System.nanoTime();
        Phase phase = asFastAsAccepted(day, limit, "every flow + callbacks", Mix.EVERY_FLOW);
        apiKey = ONESTOP_KEY;
        toldBack = List.copyOf(allDossiers.subList(before, allDossiers.size()));
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        // Every step the portal took is told back (PORTAL_SYNCED); the post and the payment platform add news of their own.
        while (portalSyncedOf(toldBack) < phase.accepted() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double perSecond = (onestop.acknowledged() - acknowledged) / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "  %-22s callbacks acknowledged %7.0f/s%n", phase.name(), perSecond);
        return phase.withCallbacks(perSecond);
    }

    private int portalSyncedOf(List<List<ObjectNode>> dossiers) {
        return dossiers.stream().mapToInt(d -> portalSynced(code(d.get(0))).size()).sum();
    }

    private List<Integer> portalSynced(String dossierCode) {
        return onestop.of(dossierCode).stream().filter(c -> c.kind().equals("PORTAL_SYNCED"))
                .map(c -> c.data().path("sequence").asInt()).toList();
    }

    /** Several clients, each sending its next event as soon as the previous one is answered. */
    private Phase asFastAsAccepted(int day, double limit, String name, Mix mix) throws InterruptedException {
        List<List<ObjectNode>> dossiers = dossiers(day, 9000, mix);
        List<ObjectNode> events = interleaved(dossiers);
        Map<ObjectNode, Integer> index = indexInDossier(dossiers);
        ConcurrentLinkedQueue<ObjectNode> todo = new ConcurrentLinkedQueue<>(events);
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        resources.reset();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        double[] sendSeconds = new double[1];
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                ObjectNode e;
                while (System.nanoTime() < end && (e = todo.poll()) != null) {
                    sent.incrementAndGet();
                    if (send(e)) {
                        accepted.add(new Accepted(code(e), index.get(e), System.nanoTime()));
                    } else {
                        refused.incrementAndGet();
                    }
                }
            }, "bench-client-" + c);
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        sendSeconds[0] = (System.nanoTime() - start) / 1e9;
        // Only what was sent counts for correctness: the rest of these dossiers never left.
        Set<ObjectNode> unsent = Collections.newSetFromMap(new IdentityHashMap<>());
        unsent.addAll(todo);
        List<List<ObjectNode>> started = new ArrayList<>();
        for (List<ObjectNode> d : dossiers) {
            List<ObjectNode> sentSteps = d.stream().filter(e -> !unsent.contains(e)).toList();
            if (!sentSteps.isEmpty()) {
                started.add(sentSteps);
            }
        }
        // By identity: removeAll would compare every dossier of the run with every one of this phase, deeply, on the
        // CPU this phase is measured by.
        Set<List<ObjectNode>> thisPhase = Collections.newSetFromMap(new IdentityHashMap<>());
        thisPhase.addAll(dossiers);
        allDossiers.removeIf(thisPhase::contains);
        allDossiers.addAll(started);
        return finish(name, 0, sent.get(), new ArrayList<>(accepted), refused.get(), start, sendSeconds[0], limit);
    }

    private Phase finish(String name, int rate, int sent, List<Accepted> accepted, int refused, long start,
                         double sendSeconds, double limit) throws InterruptedException {
        int backlog = accepted.size() - deliveredOf(accepted).size();
        awaitDrained(Duration.ofSeconds(180));
        // Heap and CPU over sending and draining: what the phase's events cost, backlog included.
        ResourceSampler.Peak peak = resources.peak();
        List<Long> delivered = deliveredOf(accepted);
        long lastAck = delivered.stream().mapToLong(Long::longValue).max().orElse(start);
        double deliveredPerSecond = delivered.size() / Math.max(1e-9, (lastAck - start) / 1e9);
        double[] latencies = new double[accepted.size()];
        int n = 0;
        for (Accepted a : accepted) {
            List<Long> times = portal.progressTimes(a.dossierCode());
            if (a.index() < times.size()) {
                latencies[n++] = Math.max(0, (times.get(a.index()) - a.acceptedNanos()) / 1e6);
            }
        }
        latencies = Arrays.copyOf(latencies, n);
        Arrays.sort(latencies);
        Phase p = new Phase(name, rate, sent, accepted.size(), refused, accepted.size() / sendSeconds, deliveredPerSecond,
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                n == 0 ? 0 : latencies[n - 1], peak.heapMb(), peak.rssMb(), backlog, deliveredPerSecond / limit, 0,
                peak.middlewareCores(), peak.benchCores(), peak.machineCores(), peak.jitCores(), peak.gcCores(),
                cpuMsPerEvent(peak.middlewareCores(), peak.seconds(), accepted.size()),
                cpuMsPerEvent(peak.benchCores(), peak.seconds(), accepted.size()));
        System.out.printf(Locale.ROOT, "  %-22s accepted %7.0f/s  delivered %7.0f/s  p50 %6.0f ms  p99 %6.0f ms  backlog %d%n",
                name, p.acceptedPerSecond(), p.deliveredPerSecond(), p.p50Ms(), p.p99Ms(), backlog);
        return p;
    }

    private List<Long> deliveredOf(List<Accepted> accepted) {
        List<Long> times = new ArrayList<>();
        for (Accepted a : accepted) {
            List<Long> t = portal.progressTimes(a.dossierCode());
            if (a.index() < t.size()) {
                times.add(t.get(a.index()));
            }
        }
        return times;
    }

    // ---- correctness -----------------------------------------------------------------------------------

    record Correctness(int dossiers, int lost, int duplicated, int outOfOrder, int callbacksLost, int callbacksOutOfOrder) {
        boolean ok() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0 && callbacksLost == 0 && callbacksOutOfOrder == 0;
        }
    }

    private Correctness verify() {
        int lost = 0;
        int duplicated = 0;
        int outOfOrder = 0;
        for (List<ObjectNode> dossier : allDossiers) {
            String code = code(dossier.get(0));
            List<Integer> expected = dossier.stream().map(e -> e.path("status").asInt()).toList();
            List<String> expectedNotes = dossier.stream().map(e -> e.path("step").path("note").asText()).toList();
            List<Integer> actual = portal.progressStatuses(code);
            lost += Math.max(0, expected.size() - actual.size());
            duplicated += Math.max(0, actual.size() - expected.size());
            if (actual.size() == expected.size()
                    && (!actual.equals(expected) || !portal.progressNotes(code).equals(expectedNotes))) {
                outOfOrder++;
            }
        }
        int callbacksLost = 0;
        int callbacksOutOfOrder = 0;
        for (List<ObjectNode> dossier : toldBack) {
            List<Integer> expected = dossier.stream().map(e -> e.path("sequence").asInt()).toList();
            List<Integer> actual = portalSynced(code(dossier.get(0)));
            callbacksLost += Math.max(0, expected.size() - actual.size());
            if (actual.size() == expected.size() && !actual.equals(expected)) {
                callbacksOutOfOrder++;
            }
        }
        return new Correctness(allDossiers.size(), lost, duplicated, outOfOrder, callbacksLost,
                callbacksOutOfOrder + (int) onestop.outOfOrder());
    }

    // ---- plumbing --------------------------------------------------------------------------------------

    private List<List<ObjectNode>> dossiers(int day, int count, Mix mix) {
        LocalDate date = LocalDate.of(2026, 1, 1).plusDays(day);
        SampleDossiers sample = mix == Mix.PORTAL_ONLY ? SampleDossiers.portalOnly(1000L + day, date)
                : new SampleDossiers(1000L + day, date);
        List<List<ObjectNode>> d = sample.dossiers(Math.min(count, 9999));
        allDossiers.addAll(d);
        return d;
    }

    /** Step 1 of every dossier, then step 2 of every dossier, …: a dossier's steps leave in order, far apart. */
    private static List<ObjectNode> interleaved(List<List<ObjectNode>> dossiers) {
        List<ObjectNode> events = new ArrayList<>();
        int longest = dossiers.stream().mapToInt(List::size).max().orElse(0);
        for (int step = 0; step < longest; step++) {
            for (List<ObjectNode> d : dossiers) {
                if (step < d.size()) {
                    events.add(d.get(step));
                }
            }
        }
        return events;
    }

    private static Map<ObjectNode, Integer> indexInDossier(List<List<ObjectNode>> dossiers) {
        Map<ObjectNode, Integer> index = new IdentityHashMap<>();
        for (List<ObjectNode> d : dossiers) {
            for (int i = 0; i < d.size(); i++) {
                index.put(d.get(i), i);
            }
        }
        return index;
    }

    private HttpRequest request(ObjectNode event) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/dossier-events")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build();
    }

    private boolean send(ObjectNode event) {
        try {
            return http.send(request(event), HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitDrained(Duration atMost) throws InterruptedException {
        int expected = allDossiers.stream().mapToInt(List::size).sum();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (portal.progressCount() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the middleware did not become healthy; see bench/target/middleware.log");
    }

    /**
     * With {@code --cds}: the jar extracted by Spring Boot's tools jar mode and a class-data archive of what one start
     * loads, recorded by a training start that stops once the application context is ready; the measured starts
     * map that archive instead of loading and verifying each class.
     */
    private List<String> classDataSharing(Path jar, int port) throws IOException, InterruptedException {
        if (!cds) {
            return List.of("-jar", jar.toString());
        }
        Path app = scratch("lgsp-bench-cds-");
        Path extracted = app.resolve("lgsp.jar");
        Path archive = app.resolve("lgsp.jsa");
        run(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", app.toString(), "--force"));
        List<String> training = new ArrayList<>(List.of(java(), "-XX:ArchiveClassesAtExit=" + archive,
                "-Dspring.context.exit=onRefresh", "-jar", extracted.toString()));
        training.addAll(arguments(port, List.of()));
        long started = System.nanoTime();
        run(training);
        System.out.printf(Locale.ROOT, "Class-data archive recorded by a training start in %.1f s (%d MB)%n",
                (System.nanoTime() - started) / 1e9, Files.size(archive) >> 20);
        return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("cds.log").toFile())).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", command) + " (see bench/target/cds.log)");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process startMiddleware(List<String> launcher, int port, List<String> databaseSettings) throws IOException {
        // The heap target is 512 MB under load: the middleware gets no more, so the figures are what it does within it.
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + MIDDLEWARE_HEAP_MB + "m"));
        if (profile) {
            command.add("-XX:FlightRecorderOptions=stackdepth=256");
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + out.resolve("middleware.jfr").toAbsolutePath());
        }
        command.addAll(launcher);
        command.addAll(arguments(port, databaseSettings));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.resolve("middleware.log").toFile())).start();
    }

    /** The middleware's settings: a fresh data folder, the sandbox peers, the bench's one-stop clients. */
    private List<String> arguments(int port, List<String> databaseSettings) throws IOException {
        Path dataDir = scratch("lgsp-bench-");
        List<String> command = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--app.data-dir=" + dataDir,
                "--app.sandbox.enabled=false",
                "--app.onestop.clients.bench.api-key=" + ONESTOP_KEY,
                "--app.onestop.clients.bench-callbacks.api-key=" + CALLBACKS_KEY,
                "--app.onestop.clients.bench-callbacks.callback-url=" + onestop.url(),
                "--app.peers.portal.base-url=" + portal.baseUrl(),
                "--app.peers.payment.base-url=" + platform.baseUrl(),
                "--app.peers.payment.partner-code=" + PAYMENT_PARTNER,
                "--app.peers.payment.secret=" + PAYMENT_SECRET,
                "--app.peers.postal.base-url=" + post.baseUrl(),
                "--app.peers.postal.client-id=" + POSTAL_CLIENT,
                "--app.peers.postal.client-secret=" + POSTAL_SECRET,
                "--app.peers.postal.customer-code=" + POSTAL_CUSTOMER,
                "--app.peers.postal.hmac-key=" + POSTAL_HMAC_KEY,
                "--app.signatures.trust-dirs=" + pki.trustFolder(),
                "--app.signatures.signing.keystore=" + pki.keystore(),
                "--app.signatures.signing.password=" + PKI_PASSWORD,
                "--app.signatures.signing.alias=" + PROVINCE,
                "--server.tomcat.threads.max=64"));
        for (String agency : MINISTRIES) {
            command.add("--app.peers.ministries[" + agency + "].endpoint=" + ministries.endpointOf(agency));
        }
        command.addAll(databaseSettings);
        command.addAll(settings);
        return command;
    }

    private Path scratch(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        scratch.add(dir);
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    /** Spring Boot's own account of its start ("Started LgspApplication in … seconds"), from the middleware's log. */
    private String startedLine() {
        try (var lines = Files.lines(out.resolve("middleware.log"))) {
            return lines.filter(l -> l.contains("Started LgspApplication in")).findFirst()
                    .map(l -> l.substring(l.indexOf("Started LgspApplication"))).orElse("no start line in its log");
        } catch (IOException e) {
            return "its log is unreadable";
        }
    }

    private int messageSize() {
        ObjectNode sample = new SampleDossiers(1, LocalDate.of(2026, 1, 1)).dossiers(1).get(0).get(0).deepCopy();
        ((ObjectNode) sample.path("dossier").path("attachments").get(0)).remove("contentBase64");
        return sample.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String code(JsonNode event) {
        return event.path("dossier").path("code").asText();
    }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void printTable(Database database, BrokerLimit.Limit limit, List<Phase> phases) {
        System.out.println();
        System.out.println("On " + database.label + ":");
        System.out.printf("%-22s %9s %10s %6s %7s %7s %7s %8s %8s %8s %8s %6s %11s %19s %12s %15s%n", "phase", "accepted/s",
                "delivered/s", "ratio", "p50 ms", "p95 ms", "p99 ms", "max ms", "heap MB", "RSS MB", "backlog", "refused",
                "callbacks/s", "cores mw/bench/all", "of mw jit/gc", "CPU ms/event mw/bench");
        for (Phase p : phases) {
            System.out.printf(Locale.ROOT, "%-22s %9.0f %10.0f %6.2f %7.0f %7.0f %7.0f %8.0f %8.0f %8.0f %8d %6d %11.0f "
                            + "%7.2f/%4.2f/%4.2f %7.2f/%4.2f %10.2f/%4.2f%n",
                    p.name(), p.acceptedPerSecond(), p.deliveredPerSecond(), p.ratioToLimit(), p.p50Ms(), p.p95Ms(),
                    p.p99Ms(), p.maxMs(), p.heapMaxMb(), p.rssMaxMb(), p.backlogAtEnd(), p.refused(), p.callbacksPerSecond(),
                    p.middlewareCores(), p.benchCores(), p.machineCores(), p.jitCores(), p.gcCores(),
                    p.middlewareMsPerEvent(), p.benchMsPerEvent());
        }
        System.out.printf(Locale.ROOT, "raw broker limit %.0f messages/s using %.2f cores (%.2f ms of CPU per message); "
                        + "cores: the middleware (of which its JIT compiler and GC threads) / this process (load and "
                        + "simulated peers) / the whole machine (%d)%n%n", limit.perSecond(), limit.cores(),
                limit.msPerMessage(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * What the CPU each event costs allows on this machine: the closed-loop phase's milliseconds per event for the
     * middleware and for this process (whose HTTP client and simulated portal share the machine), beside the raw
     * broker's per message.
     */
    private static void printCpuBudget(Phase p, BrokerLimit.Limit limit) {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "CPU per event (%s): middleware %.2f ms (its JIT compiler %.2f and GC %.2f of "
                        + "its %.2f cores), this process %.2f ms; %d cores allow at most %.0f events/s with this load "
                        + "generator and simulated portal on the same machine, %.0f/s with the middleware alone on it; "
                        + "the raw broker alone costs %.2f ms per message%n", p.name(), p.middlewareMsPerEvent(),
                p.jitCores(), p.gcCores(), p.middlewareCores(), p.benchMsPerEvent(), cores,
                cores * 1000 / Math.max(1e-9, p.middlewareMsPerEvent() + p.benchMsPerEvent()),
                cores * 1000 / Math.max(1e-9, p.middlewareMsPerEvent()), limit.msPerMessage());
    }

    /** Milliseconds of CPU each event cost, from cores used on average over {@code seconds}. */
    private static double cpuMsPerEvent(double cores, double seconds, int events) {
        return events == 0 ? 0 : cores * seconds * 1000 / events;
    }

    private void write(BrokerLimit.Limit limit, int messageSize, List<Map<String, Object>> runs) throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", quick ? "quick" : "full");
        result.put("clients", clients);
        result.put("settings", settings);
        result.put("messageSizeBytes", messageSize);
        result.put("brokerLimitPerSecond", limit.perSecond());
        result.put("brokerLimitCores", limit.cores());
        result.put("brokerLimitCpuMsPerMessage", limit.msPerMessage());
        result.put("runs", runs);
        File file = out.resolve("bench-results.json").toFile();
        JSON.writeValue(file, result);
        System.out.println("Results written to " + out.resolve("bench-results.json"));
    }
}
