package tw.gov.aee.gateway.simulator;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.simulator.*}: the simulated banks and agencies of the demo profile.
 *
 * @param enabled      start them with the gateway (the {@code demo} profile does)
 * @param port         their one HTTPS port, the one the directory's endpoints name; 0 picks a free one
 * @param pullInterval pause between two fetches of each simulated PULL party's mailbox
 * @param pullBatch    most documents a simulated PULL party asks for per fetch (the contract allows 100)
 * @param replies      the simulated banks' seizure replies ({@link SimulatedReplies})
 */
@Validated
@ConfigurationProperties(prefix = "gateway.simulator")
public record SimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @Min(0) @Max(65535) @DefaultValue("8543") int port,
        @DefaultValue("2s") Duration pullInterval,
        @Min(1) @Max(100) @DefaultValue("20") int pullBatch,
        @DefaultValue Replies replies) {

    /**
     * @param enabled banks answer every SEIZURE order they processed by themselves (with the simulator only)
     * @param delay   how long after processing the order a bank answers
     * @param threads banks' answering threads (each waits for the gateway's receipt)
     * @param keep    sent replies kept for {@link SimulatedReplies#sent()} (the most recent)
     */
    public record Replies(@DefaultValue("true") boolean enabled, @DefaultValue("2s") Duration delay,
                          @Min(1) @Max(64) @DefaultValue("2") int threads,
                          @Min(0) @DefaultValue("10000") int keep) { }
}
