package tw.gov.aee.gateway.deadlines;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.contract.v1.EnforcementOrder;

/**
 * When the banks' replies to an order are due (DESIGN §9 "Deadlines"): the order's own
 * replyDeadline when present — the whole of that day, Taipei time — else the configured default
 * for the document type, counted from the gateway's acceptance.
 */
@Component
public class ReplyDeadlines {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private final DeadlineProperties properties;

    public ReplyDeadlines(DeadlineProperties properties) {
        this.properties = properties;
    }

    public Instant dueOf(EnforcementOrder order, Instant acceptedAt) {
        if (order.getReplyDeadline() != null) {
            var d = order.getReplyDeadline();
            return LocalDate.of(d.getYear(), d.getMonth(), d.getDay()).plusDays(1).atStartOfDay(TAIPEI).toInstant();
        }
        return byDefault(acceptedAt);
    }

    /** The deadline of an order without its own replyDeadline, accepted at {@code acceptedAt}. */
    public Instant byDefault(Instant acceptedAt) {
        return acceptedAt.plus(properties.enforcementOrder());
    }

    /** The acceptance time before which an order without a recorded due time is overdue at {@code now}. */
    public Instant acceptedBeforeIsOverdue(Instant now) {
        return now.minus(properties.enforcementOrder());
    }
}
