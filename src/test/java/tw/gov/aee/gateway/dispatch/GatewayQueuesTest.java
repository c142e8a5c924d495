package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's queues on a real persistent Artemis broker: declared ones are never reaped, and
 * queues an earlier version auto-created (auto-deleted when idle, a flag Artemis keeps in its
 * journal) are converted at start once empty — never while they hold a message.
 */
class GatewayQueuesTest {

    static final String SIGN = "gateway.sign";
    static final String PUSH = "gateway.deliver.push";
    static final String REPLY = "gateway.route.reply";
    static final List<String> GATEWAY = List.of(SIGN, PUSH, REPLY);

    @TempDir
    Path dir;
    EmbeddedActiveMQ broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    /**
     * A persistent broker in {@code dir}: with the gateway's declarations as it runs them
     * ({@code declared}), or as an earlier version ran it (the reaper scanning every 30 s).
     */
    EmbeddedActiveMQ start(boolean declared) throws Exception {
        return start(declared, false);
    }

    EmbeddedActiveMQ start(boolean declared, boolean reaperOn) throws Exception {
        Configuration config = new ConfigurationImpl().setPersistenceEnabled(true).setSecurityEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .addAcceptorConfiguration("in-vm", "vm://77");
        if (declared || reaperOn) {
            config.setAddressQueueScanPeriod(100); // the reaper every 100 ms instead of 30 s, unless declare() stops it
        }
        if (declared && reaperOn) {
            GatewayQueues.declareOnly(config, GATEWAY);
        } else if (declared) {
            GatewayQueues.declare(config, GATEWAY);
        }
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        return broker;
    }

    void restart(boolean declared) throws Exception {
        broker.stop();
        start(declared);
    }

    Queue queue(String name) {
        return broker.getActiveMQServer().locateQueue(name);
    }

    static void send(String queue, String text) throws JMSException {
        try (Connection c = new ActiveMQConnectionFactory("vm://77").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    static String receive(String queue) throws JMSException {
        try (Connection c = new ActiveMQConnectionFactory("vm://77").createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            TextMessage m = (TextMessage) consumer.receive(5_000);
            return m == null ? null : m.getText();
        }
    }

    @Test
    void theReaperRemovesAnIdleAutoCreatedQueueButNeverADeclaredOne() throws Exception {
        start(true, true);
        send("elsewhere.q", "x"); // auto-created, the way the gateway's queues used to be
        assertThat(receive("elsewhere.q")).isEqualTo("x");
        send(SIGN, "order");
        assertThat(receive(SIGN)).isEqualTo("order");

        // both now empty, used, without consumers: the reaper takes the auto-created one only
        await().atMost(Duration.ofSeconds(10)).until(() -> queue("elsewhere.q") == null);
        for (String name : GATEWAY) {
            assertThat(queue(name)).as(name).isNotNull();
            assertThat(queue(name).isAutoDelete()).as(name).isFalse();
            assertThat(queue(name).isAutoCreated()).as(name).isFalse();
            assertThat(queue(name).isDurable()).as(name).isTrue();
        }
        send(SIGN, "next");
        assertThat(receive(SIGN)).isEqualTo("next");
    }

    @Test
    void queuesAnEarlierVersionAutoCreatedAreConvertedOnceEmptyAndNoMessageIsLost() throws Exception {
        start(false); // as an earlier version ran it: the queues come into being on first use
        send(SIGN, "signed and taken");
        assertThat(receive(SIGN)).isEqualTo("signed and taken");
        send(PUSH, "still owed to a bank");
        assertThat(queue(SIGN).isAutoDelete()).isTrue();
        assertThat(queue(PUSH).isAutoDelete()).isTrue();

        restart(true);
        assertThat(queue(SIGN).isAutoDelete()).isFalse(); // was empty: converted
        assertThat(queue(SIGN).isAutoCreated()).isFalse();
        assertThat(queue(REPLY).isAutoDelete()).isFalse(); // never existed: declared
        assertThat(queue(PUSH).isAutoDelete()).isTrue(); // holds a message: left as it is
        assertThat(queue(PUSH).getMessageCount()).isEqualTo(1);
        assertThat(receive(PUSH)).isEqualTo("still owed to a bank");
        // drained, idle, not yet converted: a 100 ms reaper would take it now; declare() turned it off
        Thread.sleep(1_500);
        assertThat(queue(PUSH)).isNotNull();
        assertThat(broker.getActiveMQServer().getConfiguration().getAddressQueueScanPeriod()).isEqualTo(-1);

        restart(true);
        assertThat(queue(PUSH).isAutoDelete()).isFalse(); // drained since: converted now
        assertThat(queue(SIGN).isAutoDelete()).isFalse();
        send(PUSH, "after");
        assertThat(receive(PUSH)).isEqualTo("after");
    }
}
