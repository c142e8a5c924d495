package tw.gov.aee.gateway.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.server.ActivateCallback;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBasePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own queues ({@code gateway.dispatch.queues}: signing, each delivery channel, reply
 * and overdue routing) are declared durable and <em>never auto-deleted</em>.
 *
 * <p>Why: a queue Artemis auto-creates on first use is also auto-deleted when it is empty and has
 * had no consumer for two scans — a push consumer stopped by its circuit breaker, a node being
 * restarted. A JMS session that already sent to that queue does not check it again, so its next
 * send reaches an address with no queue and the message is dropped without an error: a delivery
 * left SIGNED with its outbox row marked published and nothing queued (what CrashSafetyIT once
 * showed). Declared queues are never reaped.
 *
 * <p>Brokers that ran an earlier version hold these queues as auto-created and auto-deleted, and
 * Artemis keeps those flags from its journal (a declared configuration does not change them). So
 * at each start, once the journal is loaded and before any client connects, every such queue that
 * is empty is dropped and declared again; one that still holds messages is left as it is (the
 * reaper's start-up check leaves non-empty queues alone, and its periodic scan is off) and is
 * converted at a later start, once it has drained.
 * An external broker carries the same declarations in its broker.xml.
 */
final class GatewayQueues {

    private static final Logger log = LoggerFactory.getLogger(GatewayQueues.class);

    private GatewayQueues() { }

    /**
     * Declares {@code names}, registers the conversion of queues an earlier version auto-created,
     * and switches the periodic reaper off: every queue the gateway and its parties use is declared,
     * and a queue not yet converted must not be reaped once it drains.
     */
    static void declare(Configuration config, Collection<String> names) {
        declareOnly(config, names);
        config.setAddressQueueScanPeriod(-1);
    }

    /** {@link #declare} without touching the reaper (a test shows the reaper passing declared queues by). */
    static void declareOnly(Configuration config, Collection<String> names) {
        Set<String> queues = new TreeSet<>(names);
        for (String name : queues) {
            config.addQueueConfiguration(declared(name));
        }
        config.registerBrokerPlugin(new ActiveMQServerBasePlugin() {
            @Override
            public void registered(ActiveMQServer server) {
                server.registerActivateCallback(new ActivateCallback() {
                    @Override
                    public void activated() {
                        convertAutoCreated(server, queues);
                    }
                });
            }
        });
    }

    static QueueConfiguration declared(String name) {
        return QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST).setDurable(true)
                .setAutoCreated(false).setAutoDelete(false);
    }

    /**
     * Drops and declares again each of {@code names} that the journal holds as auto-deleted and that
     * is empty with no consumer.
     *
     * @return the queues converted
     */
    static List<String> convertAutoCreated(ActiveMQServer server, Collection<String> names) {
        List<String> converted = new ArrayList<>();
        for (String name : names) {
            Queue queue = server.locateQueue(name);
            if (queue == null || !queue.isAutoDelete()) {
                continue;
            }
            // paging: counts are rebuilt in the background at start; -1: destroyQueue would not check the count
            boolean uncertain = queue.getPagingStore() != null && queue.getPagingStore().isPaging()
                    || queue.getAutoDeleteMessageCount() < 0;
            if (uncertain || queue.getMessageCount() > 0 || queue.getConsumerCount() > 0) {
                log.warn("broker queue {} was auto-created by an earlier version and holds {} messages{}: it stays as"
                        + " it is until a start finds it empty", name, queue.getMessageCount(),
                        uncertain ? " (or is paging)" : "");
                continue;
            }
            try {
                // checkMessageCount: refuses if a message arrived meanwhile (nothing can be lost here)
                server.destroyQueue(SimpleString.of(name), null, true, false, false, true);
                server.createQueue(declared(name).setAutoCreateAddress(true), true);
                converted.add(name);
                log.info("broker queue {} converted from auto-created (auto-deleted when idle) to declared", name);
            } catch (Exception e) {
                log.warn("broker queue {} could not be converted to a declared queue: {}", name,
                        e instanceof ActiveMQException a ? a.getType() + " " + a.getMessage() : e.toString());
            }
        }
        return converted;
    }
}
