package tw.gov.aee.gateway.replies;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.file-exchange.*}: the batch-file drop folders of FILE parties (DESIGN §9 "Batch
 * files"). Each FILE bank has {@code <dir>/<code>/inbox/} (its reply envelopes, taken once renamed
 * to {@code <replyId>.p7m}, then moved to {@code inbox/done/} or {@code inbox/rejected/}) and
 * {@code <dir>/<code>/outbox/} (the gateway's receipt files {@code <replyId>.receipt.p7s}).
 *
 * @param dir       the root of the parties' folders ({@code ${gateway.data-dir}/exchange})
 * @param pollDelay milliseconds between two looks at an inbox
 */
@Validated
@ConfigurationProperties(prefix = "gateway.file-exchange")
public record FileExchangeProperties(@NotNull Path dir, @DefaultValue("500") long pollDelay) {

    public Path inbox(String party) {
        return dir.resolve(party).resolve("inbox");
    }

    public Path outbox(String party) {
        return dir.resolve(party).resolve("outbox");
    }
}
