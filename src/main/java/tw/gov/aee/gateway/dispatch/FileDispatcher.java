package tw.gov.aee.gateway.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.replies.FileExchangeProperties;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.DeliveryWork;

/**
 * File delivery (DESIGN §9 "Batch files"): a delivery id from {@code gateway.deliver.file} becomes
 * the file {@code <file-exchange.dir>/<code>/outbox/<documentId>.p7m} holding the stored envelope,
 * written as {@code .<name>.tmp} and renamed in one atomic move, so the party never reads half an
 * envelope. The party answers with its signed Receipt as {@code <code>/inbox/<documentId>.receipt.p7s}
 * ({@link FileReceipts}).
 *
 * <p>DISPATCHED is committed before the file is written, as for the broker: the receipt may come
 * back at once and must find the delivery waiting for it. If the write then fails (or the process
 * dies), the delivery id is redelivered, the delivery is still DISPATCHED and the file is written
 * again. Idempotent: a file already there with the same bytes is left alone; a delivery past
 * DISPATCHED writes nothing.
 */
@Component
public class FileDispatcher {

    private static final Logger log = LoggerFactory.getLogger(FileDispatcher.class);
    private static final List<DeliveryState> DISPATCHABLE = List.of(DeliveryState.SIGNED, DeliveryState.DISPATCHED);

    private final DeliveryStore store;
    private final FileExchangeProperties folders;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    public FileDispatcher(DeliveryStore store, FileExchangeProperties folders, TransactionTemplate tx) {
        this.store = store;
        this.folders = folders;
        this.tx = tx;
    }

    /** The file an envelope of {@code documentId} to {@code party} is written to. */
    public Path target(String party, String documentId) {
        return folders.outbox(party).resolve(documentId + ".p7m");
    }

    public void deliver(String deliveryId) {
        Optional<DeliveryWork> found = store.work(Long.parseLong(deliveryId.trim()));
        if (found.isEmpty() || !DISPATCHABLE.contains(found.get().state())) {
            return; // done already (a redelivered message) or never existed
        }
        DeliveryWork w = found.get();
        Path file = target(w.recipient(), w.documentId().toString());
        boolean first = Boolean.TRUE.equals(tx.execute(status -> store.transition(w.id(), w.documentId(),
                List.of(DeliveryState.SIGNED), DeliveryState.DISPATCHED, clock.instant(), "written to " + file,
                w.envelopeSha256())));
        boolean written = write(file, w.envelope());
        log.info("delivery {} of document {} to {}: {}", w.id(), w.documentId(), w.recipient(),
                written ? (first ? "written to " : "written again to ") + file : "already in " + file);
    }

    /** @return false when the file was there already with these bytes */
    private static boolean write(Path file, byte[] envelope) {
        try {
            if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), envelope)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(tmp, envelope);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
