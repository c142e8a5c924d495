package tw.gov.aee.gateway.deadlines;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.deadlines.*}: the statutory reply deadline (DESIGN §9 "Deadlines").
 *
 * @param enforcementOrder default time a bank has to answer an order without its own replyDeadline,
 *                         counted from the gateway's acceptance of the order
 * @param sweepPeriod      how often the overdue sweep runs (its first run waits one period)
 */
@Validated
@ConfigurationProperties(prefix = "gateway.deadlines")
public record DeadlineProperties(@NotNull Duration enforcementOrder, @NotNull Duration sweepPeriod) { }
