package tw.gov.aee.gateway.dispatch;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.DeliveryWork;
import tw.gov.aee.gateway.tracking.DeliveryStore.Predecessor;

/**
 * The signing stage: signs the document as its issuing branch (once per document) and encrypts it
 * for the recipient and the gateway's archive (once per delivery); the envelope is stored before
 * anything is sent, so what was sent can always be shown. Idempotent: a delivery already signed
 * is not signed again, only passed on. A revocation (or a follow-up order) whose predecessor the
 * same recipient has not yet receipted stays SIGNED and waits ({@link LegalOrderGate}); the
 * predecessor's receipt sends it through here again.
 */
@Component
public class EnvelopeSealer {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeSealer.class);

    private final DeliveryStore store;
    private final KeyRing keys;
    private final ParticipantsDirectory directory;
    private final TransactionTemplate tx;
    private final LegalOrderGate gate;
    private final Clock clock = Clock.systemUTC();

    public EnvelopeSealer(DeliveryStore store, KeyRing keys, ParticipantsDirectory directory, TransactionTemplate tx,
                          LegalOrderGate gate) {
        this.store = store;
        this.gate = gate;
        this.keys = keys;
        this.directory = directory;
        this.tx = tx;
    }

    /**
     * @param deliveryId the delivery, as the outbox message names it
     * @return the transport to continue with (PUSH, PULL, …), or null when there is nothing to do
     */
    public String seal(String deliveryId) {
        Optional<DeliveryWork> found = store.work(Long.parseLong(deliveryId));
        if (found.isEmpty()) {
            log.warn("sign: delivery {} does not exist; message dropped", deliveryId);
            return null;
        }
        DeliveryWork w = found.get();
        if (w.state() != DeliveryState.ACCEPTED) {
            // Redelivered after a crash, or released by its predecessor's receipt: signed already;
            // pass on only if nothing further happened and it is not waiting for its predecessor.
            return w.state() == DeliveryState.SIGNED && !store.isHeld(w.id()) ? w.transport() : null;
        }
        return seal(w).map(DeliveryWork::transport).orElse(null);
    }

    /**
     * Seals an ACCEPTED delivery (the push stage calls this for a PUSH delivery that comes to it
     * unsealed, which saves it a trip through the signing queue).
     *
     * @return the delivery as sealed (SIGNED, with its envelope) when it may go on now; empty when
     *         it waits for its predecessor or another consumer sealed it first
     */
    public Optional<DeliveryWork> seal(DeliveryWork w) {
        byte[] signed = w.signed() != null ? w.signed() : sign(w.branch(), w.xml());
        Envelope sealedFor = encrypt(signed, w.recipient(), w.transport());
        byte[] envelope = sealedFor.bytes();
        String sha256 = sealedFor.sha256();
        Outcome outcome = tx.execute(status -> {
            // The gate first: it locks the predecessor's row before this delivery's, in the order
            // the predecessor's release takes them, so the two never deadlock.
            Optional<Predecessor> waitFor = gate.blocking(w.id());
            // Envelope and state in one update, and only from ACCEPTED: an envelope another
            // consumer stored (and perhaps sent) is never replaced.
            if (!store.sealed(w.id(), w.documentId(), envelope, sha256, clock.instant(), detail(w.branch(), w.recipient()))) {
                return Outcome.DONE_ELSEWHERE;
            }
            store.storeSigned(w.documentId(), signed);
            if (waitFor.isPresent()) {
                store.hold(w.id(), w.documentId(), waitFor.get(), w.recipient());
                return Outcome.HELD;
            }
            return Outcome.PASS_ON;
        });
        if (outcome == Outcome.HELD) {
            log.info("delivery {} of {} {} to {} waits for its predecessor's receipt", w.id(), w.documentType(),
                    w.documentNumber(), w.recipient());
        }
        if (outcome != Outcome.PASS_ON) {
            return Optional.empty();
        }
        log.debug("delivery {} of {} signed, envelope {}", w.id(), w.documentId(), sha256);
        return Optional.of(w.sealed(envelope, sha256, signed));
    }

    /** The document's SignedData, as its issuing branch (made once per document). */
    public byte[] sign(String branch, byte[] xml) {
        return keys.branchSigner(branch).sign(xml);
    }

    /**
     * The SignedData encrypted for one delivery: for the recipient and the gateway's archive (a
     * PAPER delivery for the archive alone: the paper copy is printed from it).
     */
    public Envelope encrypt(byte[] signed, String recipient, String transport) {
        List<X509Certificate> to = new ArrayList<>();
        if (!"PAPER".equals(transport)) {
            to.add(directory.certificate(recipient, CertificateRole.ENCRYPTION));
        }
        to.add(keys.archiveCertificate());
        byte[] envelope = CmsEnvelope.encrypt(signed, to, CmsEnvelope.RecipientIdentifier.ISSUER_AND_SERIAL);
        return new Envelope(envelope, CmsEnvelope.sha256Hex(envelope));
    }

    /** The SIGNED history entry's words. */
    public static String detail(String branch, String recipient) {
        return "signed as " + branch + ", encrypted for " + recipient + " and the archive";
    }

    /** An envelope and the SHA-256 of its exact bytes (what the recipient's receipt must name). */
    public record Envelope(byte[] bytes, String sha256) { }

    private enum Outcome { PASS_ON, HELD, DONE_ELSEWHERE }
}
