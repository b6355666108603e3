package vn.gov.lgsp.intake;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.tracing.TraceContext;
import vn.gov.lgsp.config.AccessProperties;
import vn.gov.lgsp.config.MessageHeaders;
import vn.gov.lgsp.web.ServiceUnavailableException;

/**
 * Accepting an event takes two flushes to disk, the ledger's and the broker's; concurrent requests share them.
 * A request thread hands its event over and waits; a writer takes every event waiting (up to a batch), records
 * them in one database transaction, publishes them for every flow in one broker transaction, and only then
 * answers each: a 202 still means the event is on disk in both. Under light load a batch is one event.
 */
@Component
public class IntakeCommits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntakeCommits.class);

    private record Pending(InboundEvents.Submission submission, CompletableFuture<InboundEvents.Receipt> answer) {
    }

    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final InboundEvents inboundEvents;
    private final ProducerTemplate producer;
    private final TransactionTemplate brokerTransaction;
    private final int maxBatch;
    private final long answerWithinMillis;
    private final DistributionSummary batchSizes;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public IntakeCommits(InboundEvents inboundEvents, ProducerTemplate producer, ConnectionFactory connectionFactory,
                         AccessProperties access, MeterRegistry meters) {
        this.inboundEvents = inboundEvents;
        this.producer = producer;
        // Not a bean: a second transaction manager in the context would displace the database's.
        this.brokerTransaction = new TransactionTemplate(new JmsTransactionManager(connectionFactory));
        this.maxBatch = access.onestop().intake().maxBatch();
        this.answerWithinMillis = access.onestop().intake().answerWithin().toMillis();
        this.batchSizes = DistributionSummary.builder("lgsp.intake.batch.size")
                .description("events recorded and queued together in one commit").register(meters);
        for (int i = 0; i < access.onestop().intake().writers(); i++) {
            Thread writer = new Thread(this::write, "intake-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Records the event and publishes it for the flows it concerns; returns once both are committed. */
    public InboundEvents.Receipt accept(DossierEvent event, @Header(DossierIntakeRoute.CALLER) String caller) {
        Pending pending = new Pending(new InboundEvents.Submission(event, caller, TraceContext.current()),
                new CompletableFuture<>());
        waiting.add(pending);
        try {
            return pending.answer().get(answerWithinMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refused && !(e.getCause() instanceof IllegalStateException)) {
                throw refused;
            }
            throw new ServiceUnavailableException("the event could not be recorded and queued; send it again", e.getCause());
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("the event was not recorded and queued within "
                    + answerWithinMillis + " ms; send it again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while the event was being queued; send it again", e);
        }
    }

    private void write() {
        while (running) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = waiting.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Could not record and queue {} event(s): {}", batch.size(), e.toString());
                IllegalStateException failure = new IllegalStateException(e);
                batch.forEach(p -> p.answer().completeExceptionally(failure));
            }
        }
    }

    /** One ledger commit, then one broker commit, then every caller is answered. */
    private void commit(List<Pending> batch) {
        batchSizes.record(batch.size());
        List<InboundEvents.Outcome> outcomes = inboundEvents.record(batch.stream().map(Pending::submission).toList());
        brokerTransaction.executeWithoutResult(t -> outcomes.stream()
                .filter(o -> o.receipt() != null && !o.receipt().repeated()).forEach(this::enqueue));
        // A repeated event is sent again, on its own: if the first send was lost the broker takes this one, if not
        // its duplicate detection drops it (inside a transaction a duplicate would fail the whole batch).
        outcomes.stream().filter(o -> o.receipt() != null && o.receipt().repeated()).forEach(this::enqueue);
        for (int i = 0; i < batch.size(); i++) {
            InboundEvents.Outcome outcome = outcomes.get(i);
            if (outcome.refusal() != null) {
                batch.get(i).answer().completeExceptionally(outcome.refusal());
            } else {
                batch.get(i).answer().complete(outcome.receipt());
            }
        }
    }

    private void enqueue(InboundEvents.Outcome outcome) {
        DossierEvent event = outcome.submission().event();
        Map<String, Object> headers = new HashMap<>(outcome.submission().trace());
        headers.put(MessageHeaders.GROUP_ID, event.dossierCode());
        headers.put(MessageHeaders.DUPLICATE_ID, event.eventId());
        headers.put(MessageHeaders.FLOWS, outcome.flows());
        producer.sendBodyAndHeaders(DossierFanOutRoute.ENDPOINT, outcome.canonical(), headers);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(2000);
        }
        IllegalStateException stopping = new IllegalStateException("the middleware is stopping");
        waiting.forEach(p -> p.answer().completeExceptionally(stopping));
    }
}
