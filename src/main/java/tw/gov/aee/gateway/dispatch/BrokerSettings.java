package tw.gov.aee.gateway.dispatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.utils.PasswordMaskingUtil;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.SingleConnectionFactory;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * The embedded broker as the gateway needs it. An external broker carries the same settings in
 * its broker.xml.
 *
 * <p><b>Retries</b> happen by broker redelivery, never by sleeping in a consumer (DESIGN §9): a
 * rolled-back message comes back after a delay that doubles each time, with jitter, up to a
 * maximum; after the last attempt it goes to the dead-letter address.
 *
 * <p><b>Dead letters</b>: the dead-letter address has one durable anycast queue of the same name,
 * declared here, which route {@code park-dead-letter} consumes. Artemis's auto-created dead-letter
 * resources are off: they would add a filtered queue per original address
 * ({@code DLQ.gateway.deliver.push}) beside ours, and anycast routing would split the dead
 * letters between them.
 *
 * <p><b>Security is on</b> (Spring Boot turns it off for an embedded broker). The gateway's own
 * in-VM connection logs in as {@code spring.artemis.user} with every right on every address. Each
 * BROKER bank and agency logs in as its code over the Netty acceptor ({@code gateway.broker.*},
 * TLS with the gateway's server certificate) and may only consume from its {@code .in} and send
 * to its {@code .out}: the most specific match wins in Artemis, so those two addresses list the
 * party's role beside the gateway's, and everything else ({@code #}) lists the gateway's alone.
 * Users are an in-memory list ({@link InVMLoginModule}) built at start from configuration; a
 * BROKER party added to the directory later gets its user at the next start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DispatchProperties.class, RedeliveryProperties.class, BrokerProperties.class})
class BrokerSettings {

    private static final Logger log = LoggerFactory.getLogger(BrokerSettings.class);
    static final String GATEWAY_ROLE = "gateway";

    /** The gateway's own queues, declared so they are never auto-deleted ({@link GatewayQueues}). */
    @Bean
    ArtemisConfigurationCustomizer gatewayQueues(DispatchProperties dispatch) {
        return config -> GatewayQueues.declare(config, dispatch.queues().values());
    }

    @Bean
    ArtemisConfigurationCustomizer gatewayRedelivery(RedeliveryProperties r) {
        return config -> {
            for (String match : List.of("gateway.#", "bank.#", "agency.#")) {
                config.addAddressSetting(match, redelivery(r));
            }
            // The dead-letter queue itself retries for ever: a failing park is never dropped.
            config.addAddressSetting(r.deadLetterAddress(), backoff(r).setMaxDeliveryAttempts(-1));
            config.addQueueConfiguration(QueueConfiguration.of(r.deadLetterAddress())
                    .setAddress(r.deadLetterAddress()).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        };
    }

    @Bean
    ArtemisConfigurationCustomizer brokerParties(BrokerProperties broker, PkiProperties pki, ParticipantsDirectory directory) {
        return config -> {
            config.setSecurityEnabled(true);
            config.putSecurityRoles("#", Set.of(fullRights(GATEWAY_ROLE)));
            for (Participant p : BrokerAddresses.brokerParties(directory)) {
                String role = role(p.code());
                config.putSecurityRoles(BrokerAddresses.in(p), Set.of(fullRights(GATEWAY_ROLE), consumeOnly(role)));
                config.putSecurityRoles(BrokerAddresses.out(p), Set.of(fullRights(GATEWAY_ROLE), sendOnly(role)));
                // created up front, so a party never needs the right to create anything
                for (String address : List.of(BrokerAddresses.in(p), BrokerAddresses.out(p))) {
                    config.addQueueConfiguration(QueueConfiguration.of(address).setAddress(address)
                            .setRoutingType(RoutingType.ANYCAST).setDurable(true));
                }
            }
            config.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(),
                    acceptorParameters(broker, pki), "parties"));
        };
    }

    /** Installs the in-memory users before Boot's init method starts the broker. */
    @Bean
    static BeanPostProcessor brokerUsers(ObjectProvider<BrokerProperties> broker, ObjectProvider<ArtemisProperties> artemis,
                                         ObjectProvider<ParticipantsDirectory> directory) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ embedded) {
                    embedded.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(),
                            users(broker.getObject(), artemis.getObject(), directory.getObject())));
                }
                return bean;
            }

            /*
             * Boot hands spring.artemis.user/password only to a native connection factory; the
             * embedded one logs in with them here, before any connection exists.
             */
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                Object target = bean instanceof SingleConnectionFactory s ? s.getTargetConnectionFactory() : bean;
                if (target instanceof ActiveMQConnectionFactory cf && cf.getUser() == null) {
                    ArtemisProperties a = artemis.getObject();
                    cf.setUser(a.getUser());
                    cf.setPassword(a.getPassword());
                }
                return bean;
            }
        };
    }

    static SecurityConfiguration users(BrokerProperties broker, ArtemisProperties artemis, ParticipantsDirectory directory) {
        if (artemis.getUser() == null || artemis.getUser().isBlank() || artemis.getPassword() == null
                || artemis.getPassword().isEmpty()) {
            throw new IllegalStateException("spring.artemis.user and spring.artemis.password must be set:"
                    + " the broker's security is on");
        }
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(artemis.getUser(), artemis.getPassword());
        users.addRole(artemis.getUser(), GATEWAY_ROLE);
        for (Participant p : BrokerAddresses.brokerParties(directory)) {
            BrokerProperties.PartyUser user = broker.users().get(p.code());
            if (user == null) {
                log.warn("BROKER party {} has no gateway.broker.users.{}.password: it cannot connect", p.code(), p.code());
                continue;
            }
            if (p.code().equals(artemis.getUser())) {
                throw new IllegalStateException("the gateway's broker user may not be named like party " + p.code());
            }
            users.addUser(p.code(), user.password());
            users.addRole(p.code(), role(p.code()));
        }
        return users;
    }

    static String role(String partyCode) {
        return "party-" + partyCode;
    }

    private static Map<String, Object> acceptorParameters(BrokerProperties broker, PkiProperties pki) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, broker.host());
        params.put(TransportConstants.PORT_PROP_NAME, broker.port());
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "CORE");
        if (broker.tls()) {
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, pki.path("gateway/tls-server.p12").toString());
            // Masked (ENC(...)): Artemis prints acceptor parameters when a bind fails, and a
            // keystore password must never reach a log.
            params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, masked(pki.password()));
            params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
            params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.2,TLSv1.3");
        }
        return params;
    }

    private static AddressSettings redelivery(RedeliveryProperties r) {
        return backoff(r)
                .setMaxDeliveryAttempts(r.maxAttempts())
                .setDeadLetterAddress(SimpleString.of(r.deadLetterAddress()))
                .setAutoCreateDeadLetterResources(false)
                // never reap a queue or address here: a cached session's next send would be dropped
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false);
    }

    private static String masked(char[] password) {
        try {
            return "ENC(" + PasswordMaskingUtil.getDefaultCodec().encode(new String(password)) + ")";
        } catch (Exception e) {
            throw new IllegalStateException("cannot mask the broker keystore password", e);
        }
    }

    private static AddressSettings backoff(RedeliveryProperties r) {
        return new AddressSettings()
                .setRedeliveryDelay(r.initialDelay().toMillis())
                .setRedeliveryMultiplier(r.multiplier())
                .setRedeliveryCollisionAvoidanceFactor(r.jitter())
                .setMaxRedeliveryDelay(r.maxDelay().toMillis());
    }

    // Role(name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
    //      deleteNonDurableQueue, manage, browse, createAddress, deleteAddress, view, edit)
    private static Role fullRights(String name) {
        return new Role(name, true, true, true, true, true, true, true, true, true, true, true, true);
    }

    private static Role consumeOnly(String name) {
        return new Role(name, false, true, false, false, false, false, false, false, false, false, false, false);
    }

    private static Role sendOnly(String name) {
        return new Role(name, true, false, false, false, false, false, false, false, false, false, false, false);
    }
}
