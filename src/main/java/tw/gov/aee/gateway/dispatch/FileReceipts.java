package tw.gov.aee.gateway.dispatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.replies.FileExchangeProperties;

/**
 * A FILE party's signed Receipt from its inbox folder (DESIGN §9 "Batch files"): the folder names
 * the party, the file name {@code <documentId>.receipt.p7s} the document. Checked and counted as
 * a broker receipt is ({@link BrokerReceipts#settle}: signer must be that party, digest must
 * match; then DELIVERED and RECEIPTED or REJECTED); the file goes to {@code done/}. A receipt that
 * does not hold up goes to {@code rejected/} (never deleted) with an audit entry
 * {@code FILE_RECEIPT_REFUSED}; the delivery's {@code last_error} says why and it stays
 * DISPATCHED. Headers matter here, hence the {@link Exchange}.
 */
@Component
public class FileReceipts {

    private static final Logger log = LoggerFactory.getLogger(FileReceipts.class);
    /** The header the route's {@code move} option reads: where the receipt goes, relative to the inbox. */
    public static final String MOVE_TO = "receiptMoveTo";
    static final String SUFFIX = ".receipt.p7s";

    private final BrokerReceipts receipts;
    private final AuditLog audit;
    private final FileExchangeProperties folders;
    private final Clock clock = Clock.systemUTC();

    public FileReceipts(BrokerReceipts receipts, AuditLog audit, FileExchangeProperties folders) {
        this.receipts = receipts;
        this.audit = audit;
        this.folders = folders;
    }

    /** The party is the route's (the folder the file lies in), never the file's. */
    public void accept(Exchange exchange) {
        Message in = exchange.getIn();
        String party = in.getHeader("fileParty", String.class);
        String fileName = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] receipt = in.getBody(byte[].class);
        String documentId = fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length())
                : fileName;
        var refusal = receipts.settle(party, documentId, receipt);
        String folder = refusal.isPresent() ? "rejected" : "done";
        refusal.ifPresent(r -> {
            String documentRef = r.documentId() == null || r.documentId().length() > 36 ? null : r.documentId();
            audit.record(party, "FILE_RECEIPT_REFUSED", documentRef,
                    receipt == null ? null : CmsEnvelope.sha256Hex(receipt), r.error().code(),
                    "receipt file " + fileName + " refused" + (r.deliveryId() == null ? "" : " for delivery "
                            + r.deliveryId()) + ", moved to rejected/: " + truncate(r.detail()));
            log.warn("receipt file {} from {} refused ({}), moved to rejected/: {}", fileName, party, r.error().code(),
                    r.detail());
        });
        Path inbox = folders.inbox(party);
        String target = fileName;
        if (Files.exists(inbox.resolve(folder).resolve(target))) {
            target = fileName + "." + clock.millis(); // never overwrite what was moved there before
        }
        in.setHeader(MOVE_TO, folder + "/" + target);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 400 ? s : s.substring(0, 400);
    }
}
