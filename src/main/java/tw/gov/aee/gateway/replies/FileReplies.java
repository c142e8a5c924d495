package tw.gov.aee.gateway.replies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.replies.ReplyIntake.ReplyOutcome;

/**
 * A FILE bank's reply envelope from its inbox folder (DESIGN §9 "Batch files"): the folder names
 * the bank — it is this channel's authentication, so file-system permissions must let only that
 * bank write its folder — and the file name {@code <replyId>.p7m} the reply's id. The reply goes
 * through {@link ReplyIntake} (channel {@code FILE}); the gateway's signed receipt is written to the
 * bank's outbox as {@code <replyId>.receipt.p7s} (under {@code .<name>.tmp}, then renamed, so the
 * bank never reads half a receipt); the route then moves the envelope to {@code done/} (accepted)
 * or {@code rejected/} (quarantined), never deleting it. The reply is stored before the file moves:
 * after a crash in between, the file is read again, is an identical resend, and gets the same
 * receipt. Headers matter here, hence the {@link Exchange}.
 */
@Component
@EnableConfigurationProperties(FileExchangeProperties.class)
public class FileReplies {

    private static final Logger log = LoggerFactory.getLogger(FileReplies.class);
    /** The header the route's {@code move} option reads: where the envelope goes, relative to the inbox. */
    public static final String MOVE_TO = "replyMoveTo";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");

    private final ReplyIntake replies;
    private final FileExchangeProperties folders;
    private final Clock clock = Clock.systemUTC();

    public FileReplies(ReplyIntake replies, FileExchangeProperties folders) {
        this.replies = replies;
        this.folders = folders;
    }

    /** The party is the route's (the folder the file lies in), never the file's. */
    public void accept(Exchange exchange) {
        Message in = exchange.getIn();
        String party = in.getHeader("fileParty", String.class);
        String fileName = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] envelope = in.getBody(byte[].class);
        String base = fileName.endsWith(".p7m") ? fileName.substring(0, fileName.length() - 4) : fileName;
        ReplyOutcome outcome = replies.accept("FILE", party, base, envelope == null ? new byte[0] : envelope);
        String receiptName = (SAFE_NAME.matcher(base).matches() ? base
                : CmsEnvelope.sha256Hex(envelope == null ? new byte[0] : envelope).substring(0, 32)) + ".receipt.p7s";
        writeReceipt(folders.outbox(party), receiptName, outcome.receipt());
        String folder = outcome.accepted() ? "done" : "rejected";
        Path inbox = folders.inbox(party);
        String target = fileName;
        if (Files.exists(inbox.resolve(folder).resolve(target))) {
            target = fileName + "." + clock.millis(); // never overwrite what was moved there before
        }
        in.setHeader(MOVE_TO, folder + "/" + target);
        log.info("reply file {} from {}: {}, receipt {} written, envelope to {}/", fileName, party,
                outcome.accepted() ? "accepted" : "rejected " + outcome.errorCode(), receiptName, folder);
    }

    private static void writeReceipt(Path outbox, String name, byte[] receipt) {
        try {
            Files.createDirectories(outbox);
            Path tmp = outbox.resolve("." + name + ".tmp");
            Files.write(tmp, receipt);
            Files.move(tmp, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write receipt " + name + " to " + outbox, e);
        }
    }
}
