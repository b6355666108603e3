package vn.gov.lgsp.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The ceiling the middleware cannot pass: an embedded Artemis with the middleware's durability settings (persistent
 * journal on the same disk, in-VM connections, durable sends that wait for the journal, transacted consumers),
 * carrying messages of the same size with the same concurrency, and nothing else.
 */
final class BrokerLimit {

    private BrokerLimit() {
    }

    private static Thread started(Runnable work) {
        Thread t = new Thread(work, "bench-limit");
        t.start();
        return t;
    }

    /** The middleware's journal flush interval (routes: MessagingConfiguration, config/artemis/broker.xml). */
    static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 500_000;

    /**
     * Messages per second at the limit, and the CPU they took: cores used on average by this process (nothing else
     * runs in it yet) and milliseconds of CPU per message.
     */
    record Limit(double perSecond, double cores, double msPerMessage) {
    }

    /** Messages per second sent by {@code producers} and received by {@code consumers}, both durable. */
    static Limit measure(Path dir, int messageSize, int producers, int consumers, Duration warmup, Duration duration)
            throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setJournalBufferTimeout_NIO(JOURNAL_BUFFER_TIMEOUT_NANOS);
        config.setJournalBufferTimeout_AIO(JOURNAL_BUFFER_TIMEOUT_NANOS);
        config.addAcceptorConfiguration("invm", "vm://7");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        String body = "x".repeat(messageSize);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong received = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://7");
             Connection connection = factory.createConnection()) {
            connection.start();
            for (int i = 0; i < consumers; i++) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue("bench.limit"));
                threads.add(started(() -> {
                    try {
                        while (running.get()) {
                            Message m = consumer.receive(100);
                            if (m != null) {
                                session.commit();
                                received.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (int i = 0; i < producers; i++) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue("bench.limit");
                MessageProducer producer = session.createProducer(queue);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                int group = i;
                threads.add(started(() -> {
                    try {
                        long n = 0;
                        while (running.get()) {
                            TextMessage m = session.createTextMessage(body);
                            m.setStringProperty("JMSXGroupID", "dossier-" + group + "-" + (n++ % 500));
                            m.setStringProperty("_AMQ_DUPL_ID", UUID.randomUUID().toString());
                            producer.send(m);
                        }
                    } catch (Exception e) {
                        if (running.get()) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            Thread.sleep(warmup.toMillis());
            long start = received.get();
            long t0 = System.nanoTime();
            double cpu0 = ResourceSampler.cpuSecondsOfThisProcess();
            Thread.sleep(duration.toMillis());
            long count = received.get() - start;
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = ResourceSampler.cpuSecondsOfThisProcess() - cpu0;
            running.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
            return new Limit(count / seconds, cpuSeconds / seconds, count == 0 ? 0 : cpuSeconds * 1000 / count);
        } finally {
            broker.stop();
        }
    }
}
