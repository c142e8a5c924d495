package tw.gov.aee.gateway.replies;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/** Wiring of reply routing: the webhook client (trusting only the configured CA) and the router. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WebhookProperties.class, PkiProperties.class})
class RoutingConfiguration {

    @Bean
    WebhookClient webhookClient(PkiProperties pki, WebhookProperties webhook) {
        return new WebhookClient(pki.trustStore(), pki.password(), webhook.connectTimeout(), webhook.requestTimeout());
    }

    @Bean
    ReplyRouter replyRouter(JdbcTemplate jdbc, TransactionTemplate tx, ParticipantsDirectory directory, ReplyNotices notices,
                            KeyRing keys, WebhookClient webhookClient, JmsTemplate jms, WebhookProperties webhook,
                            AuditLog audit) {
        return new ReplyRouter(jdbc, tx, directory, notices, keys, webhookClient, jms, webhook, audit);
    }
}
