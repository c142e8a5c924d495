package tw.gov.aee.gateway.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The pure parts of reply routing and the quarantine desk, without Spring. */
class ReplyRoutingUnitTest {

    final WebhookProperties webhook = new WebhookProperties(Duration.ofHours(24), Duration.ofSeconds(10),
            Duration.ofMinutes(15), 0.2, Duration.ofSeconds(5), Duration.ofSeconds(30));
    final ReplyRouter router = new ReplyRouter(null, null, null, null, null, webhook, null);

    @Test
    void webhookRetriesDoubleFromTheInitialBackoffWithJitterAndAreCapped() {
        assertThat(router.backoff(1)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
        assertThat(router.backoff(2)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(24));
        assertThat(router.backoff(4)).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(96));
        assertThat(router.backoff(40)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(18));
    }

    @Test
    void anInspectedReplyShowsTheObligorsIdMaskedWithOrWithoutANamespacePrefix() {
        assertThat(Quarantine.maskObligor("<obligor><name>陳志明</name><nationalId>A123456789</nationalId></obligor>"))
                .isEqualTo("<obligor><name>陳志明</name><nationalId>A1******89</nationalId></obligor>");
        assertThat(Quarantine.maskObligor("<v1:unifiedBusinessNumber>04595257</v1:unifiedBusinessNumber>"))
                .isEqualTo("<v1:unifiedBusinessNumber>04****57</v1:unifiedBusinessNumber>");
    }
}
