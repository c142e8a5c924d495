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

/** Wiring of the branch feed: the webhook client (trusting only the configured CA), the channels and the reply router. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WebhookProperties.class, PkiProperties.class})
class RoutingConfiguration {

    @Bean
    WebhookClient webhookClient(PkiProperties pki, WebhookProperties webhook) {
        return new WebhookClient(pki.trustStore(), pki.password(), webhook.connectTimeout(), webhook.requestTimeout());
    }

    @Bean
    BranchChannels branchChannels(KeyRing keys, WebhookClient webhookClient, JmsTemplate jms) {
        return new BranchChannels(keys, webhookClient, jms);
    }

    @Bean
    ReplyRouter replyRouter(JdbcTemplate jdbc, TransactionTemplate tx, ParticipantsDirectory directory, ReplyNotices notices,
                            BranchChannels branchChannels, WebhookProperties webhook, AuditLog audit) {
        return new ReplyRouter(jdbc, tx, directory, notices, branchChannels, webhook, audit);
    }
}
