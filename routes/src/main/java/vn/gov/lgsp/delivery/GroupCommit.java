package vn.gov.lgsp.delivery;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that concurrent consumers share: each hands in its item, and whichever of them gets the turn does the work
 * for every item waiting at that moment (one commit, one call to the peer), while the others wait for their own
 * result. No thread of its own and no waiting for company: alone, a caller does its item at once; under load, the
 * items that arrive during one round make up the next. A round that fails is done again item by item, so that an
 * item that cannot be done fails alone.
 *
 * @param <T> what a caller hands in
 * @param <R> what it gets back
 */
public final class GroupCommit<T, R> {

    /** One round's work: a result for each item, in the order given. */
    @FunctionalInterface
    public interface Work<T, R> {
        List<R> apply(List<T> items);
    }

    private static final class Pending<T, R> {
        final T item;
        volatile boolean done;
        R result;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final ConcurrentLinkedQueue<Pending<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock turn = new ReentrantLock();
    private final Work<T, R> work;
    private final int maxItems;
    private final DistributionSummary sizes;

    /** @param name what the rounds do, as the {@code lgsp.shared.round.size} metric tags them */
    public GroupCommit(String name, Work<T, R> work, int maxItems, MeterRegistry meters) {
        this.work = work;
        this.maxItems = maxItems;
        this.sizes = DistributionSummary.builder("lgsp.shared.round.size").tag("work", name)
                .description("items done together in one round (one commit, or one call to the peer)").register(meters);
    }

    /** Does the item's work, with whatever else waits; rethrows what the round threw. */
    public R submit(T item) {
        Pending<T, R> mine = new Pending<>(item);
        waiting.add(mine);
        while (!mine.done) {
            turn.lock();
            try {
                if (!mine.done) {
                    round();
                }
            } finally {
                turn.unlock();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Takes the items waiting (ours among them, in the order they came) and does them together. */
    private void round() {
        List<Pending<T, R>> round = new ArrayList<>();
        Pending<T, R> next;
        while (round.size() < maxItems && (next = waiting.poll()) != null) {
            round.add(next);
        }
        if (round.isEmpty()) {
            return;
        }
        sizes.record(round.size());
        try {
            if (round.size() == 1 || !together(round)) {
                round.forEach(this::alone);
            }
        } finally {
            round.forEach(p -> p.done = true);
        }
    }

    private boolean together(List<Pending<T, R>> round) {
        List<R> results;
        try {
            results = work.apply(round.stream().map(p -> p.item).toList());
        } catch (RuntimeException e) {
            log.warn("{} items done together failed ({}); each is done again on its own", round.size(), e.toString());
            return false;
        }
        for (int i = 0; i < round.size(); i++) {
            round.get(i).result = results.get(i);
        }
        return true;
    }

    private void alone(Pending<T, R> pending) {
        try {
            pending.result = work.apply(List.of(pending.item)).get(0);
        } catch (RuntimeException e) {
            pending.failure = e;
        } catch (Error e) {
            pending.failure = new IllegalStateException(e);
            throw e;
        }
    }
}
