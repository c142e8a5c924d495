package tw.gov.aee.gateway.simulator;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.v1.BatchHeader;
import tw.gov.aee.gateway.contract.v1.DocumentHeader;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.contract.v1.ReceiptStatus;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.EnvelopeException;
import tw.gov.aee.gateway.crypto.KeyMaterial;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * One simulated bank or agency as a receiving system, whatever the transport: its own keys, its
 * record of what it processed, and the misbehaviour switch. {@link SimulatedParty} puts it behind
 * a pushed {@code DocumentReceiver}; {@link SimulatedPullClients} feeds it what it fetches from
 * the gateway's mailbox. Either way it answers each envelope with the receipt it signs.
 *
 * <p>Duplicates (DESIGN §9 "Repeats", "Counting deliveries"): an identical resend (same document id,
 * same envelope bytes) is answered with the original receipt bytes and not processed again; the
 * same id with other bytes is a replay and is refused with {@code duplicate-conflict}. The
 * expensive part (decrypt, verify, read) runs outside the lock; only the check-and-record is
 * locked, so two concurrent first deliveries process once and both get the first receipt.
 */
final class SimulatedRecipient {

    private static final Logger log = LoggerFactory.getLogger(SimulatedRecipient.class);
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Receipts carry the time in Taiwan's offset, as the parties' own systems would write it. */
    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    /** Receipts kept for identical resends (the most recent ones). */
    static final int RETAINED_ANSWERS = 200;
    private static final byte[] GARBAGE = "this is not a CMS structure".getBytes(StandardCharsets.US_ASCII);

    private final Participant party;
    private final KeyMaterial encryptionKey;
    private final CmsSigner signer;
    private final Supplier<CmsSigner> wrongSigner;
    private final SignatureVerifier verifier;
    private final ParticipantsDirectory directory;
    private final DocumentReader reader;
    private final Clock clock;
    private final DatatypeFactory datatypes;

    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.NORMAL);
    /** Told of every document processed (accepted), once: the simulated replies, the benchmark. */
    private final List<ProcessedListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong rawDeliveries = new AtomicLong();
    private final AtomicLong duplicatesSuppressed = new AtomicLong();
    /**
     * Guarded by {@code this}. The envelope digest of every accepted document, by document id: what
     * makes a resend a duplicate and other bytes a replay, however long the party runs.
     */
    private final Map<String, String> acceptedDigests = new HashMap<>();
    /**
     * Guarded by {@code this}. The answers of the most recent accepted deliveries, so a resend gets
     * the very same receipt bytes; bounded, as a real receiver keeps its receipts in its database,
     * not in memory (an older resend gets a freshly signed receipt for the same digest).
     */
    private final Map<String, Answer> accepted = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > RETAINED_ANSWERS;
        }
    };
    /** Guarded by {@code this}. Rejected deliveries by document id + envelope digest (a resend gets the same answer). */
    private final Map<String, Answer> rejected = new HashMap<>();
    /** Guarded by {@code this}. In processing order. */
    private final Map<String, ProcessedDocument> processed = new LinkedHashMap<>();

    SimulatedRecipient(Participant party, KeyMaterial encryptionKey, KeyMaterial signingKey, Supplier<CmsSigner> wrongSigner,
                   SignatureVerifier verifier, ParticipantsDirectory directory, DocumentReader reader, Clock clock) {
        this.party = party;
        this.encryptionKey = encryptionKey;
        this.signer = new CmsSigner(signingKey);
        this.wrongSigner = wrongSigner;
        this.verifier = verifier;
        this.directory = directory;
        this.reader = reader;
        this.clock = clock;
        try {
            this.datatypes = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A party's receiving system with its own keys from the PKI folder:
     * {@code parties/<code>/encryption.p12} and {@code signing.p12}.
     */
    static SimulatedRecipient load(Participant party, Path pkiDirectory, char[] password, SignatureVerifier verifier,
                                   ParticipantsDirectory directory, DocumentReader reader, Clock clock) {
        return new SimulatedRecipient(party, key(pkiDirectory, party.code(), "encryption", password),
                key(pkiDirectory, party.code(), "signing", password),
                () -> wrongSigner(pkiDirectory, party.code(), password), verifier, directory, reader, clock);
    }

    private static KeyMaterial key(Path pkiDirectory, String code, String name, char[] password) {
        return KeyMaterial.fromPkcs12(pkiDirectory.resolve("parties").resolve(code).resolve(name + ".p12"), password);
    }

    /** WRONG_SIGNER: the receipt is signed with a real, valid key — of another bank. */
    private static CmsSigner wrongSigner(Path pkiDirectory, String code, char[] password) {
        String other = "004".equals(code) ? "005" : "004";
        return new CmsSigner(key(pkiDirectory, other, "signing", password));
    }

    /**
     * One envelope entering the party's system.
     *
     * @return the receipt bytes to answer with (as the current {@link Behaviour} makes them)
     * @throws GatewayException {@code internal} while DOWN; {@code malformed-input} for an envelope
     *         no receipt can be written for (no document id, no bytes)
     */
    byte[] receive(String documentId, byte[] envelope) {
        Instant receivedAt = clock.instant();
        Behaviour now = behaviour.get();
        if (now == Behaviour.DOWN) {
            throw new GatewayException(GatewayError.INTERNAL, "simulated outage of " + party.code());
        }
        rawDeliveries.incrementAndGet();
        if (documentId == null || !UUID_FORM.matcher(documentId).matches() || envelope == null || envelope.length == 0) {
            // no receipt can name a document id that is not one: a Client fault, as for any bad input
            throw new GatewayException(GatewayError.MALFORMED_INPUT,
                    "documentId must be a lower-case UUID and the envelope non-empty");
        }
        String digest = CmsEnvelope.sha256Hex(envelope);
        Answer answer = previousAnswer(documentId, digest);
        if (answer == null) {
            Processed p = process(documentId, envelope, digest, receivedAt);
            answer = record(documentId, digest, p.answer(), p.document());
        }
        return misbehave(now, answer);
    }

    private synchronized Answer previousAnswer(String documentId, String digest) {
        Answer original = accepted.get(documentId);
        if (original == null && digest.equals(acceptedDigests.get(documentId))) {
            // accepted long ago, its receipt no longer at hand: the same acknowledgement, signed anew
            Receipt r = receipt(documentId, digest, clock.instant(), ReceiptStatus.ACCEPTED, null, null);
            original = new Answer(digest, r, signer.sign(reader.toXml(r)), null, null, r.getReceivedAt()
                    .toGregorianCalendar().toInstant());
        }
        if (original == null) {
            original = rejected.get(documentId + ':' + digest);
        }
        if (original != null && original.envelopeSha256.equals(digest)) {
            duplicatesSuppressed.incrementAndGet();
            log.info("Simulated {} {}: resend of document {} answered with the original receipt {}",
                    party.kind(), party.code(), documentId, original.receipt.getReceiptId());
            return original;
        }
        return null;
    }

    private synchronized Answer record(String documentId, String digest, Answer fresh, Object document) {
        if (fresh.accepted()) {
            String first = acceptedDigests.get(documentId);
            if (digest.equals(first)) {
                // a concurrent delivery of the same envelope got here first: its effect stands
                duplicatesSuppressed.incrementAndGet();
                Answer original = accepted.get(documentId);
                return original != null ? original : fresh;
            }
            if (first != null) {
                return record(documentId, digest, reject(documentId, digest, fresh.receivedAt, fresh.documentNumber,
                        GatewayError.DUPLICATE_CONFLICT, "replay: this document id was delivered with other bytes"), null);
            }
            acceptedDigests.put(documentId, digest);
            accepted.put(documentId, fresh);
            processed.put(documentId, new ProcessedDocument(documentId, fresh.documentType, fresh.documentNumber, fresh.receivedAt));
            for (ProcessedListener l : listeners) {
                l.processed(party.code(), documentId, document);
            }
        } else {
            rejected.putIfAbsent(documentId + ':' + digest, fresh);
        }
        log.debug("Simulated {} {} receipted document {} number {}: {}{}", party.kind(), party.code(), documentId,
                fresh.documentNumber == null ? "-" : fresh.documentNumber, fresh.receipt.getStatus(),
                fresh.receipt.getErrorCode() == null ? "" : " " + fresh.receipt.getErrorCode());
        return fresh;
    }

    /** The answer to a first delivery, and the document it carried (null when rejected). */
    private record Processed(Answer answer, Object document) { }

    private Processed process(String documentId, byte[] envelope, String digest, Instant receivedAt) {
        String documentNumber = null;
        try {
            CmsEnvelope.Opened opened = CmsEnvelope.open(envelope, encryptionKey, verifier, receivedAt);
            String signingBranch = signingBranch(opened.signer());
            Object document = reader.readXml(opened.document());
            Header header = Header.of(document);
            documentNumber = header.number();
            if (!header.addressees().contains(party.code())) {
                throw new EnvelopeException(GatewayError.NOT_FOR_US, "the document is not addressed to " + party.code());
            }
            if (!documentId.equals(header.documentId())) {
                throw new GatewayException(GatewayError.MALFORMED_INPUT, "the document's own id differs from the delivered id");
            }
            if (!signingBranch.equals(header.sender())) {
                throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER, "signed by branch " + signingBranch
                        + " but sent in the name of " + header.sender());
            }
            Receipt r = receipt(documentId, digest, receivedAt, ReceiptStatus.ACCEPTED, null, null);
            return new Processed(new Answer(digest, r, signer.sign(reader.toXml(r)), document.getClass().getSimpleName(),
                    documentNumber, receivedAt), document);
        } catch (GatewayException e) {
            return new Processed(reject(documentId, digest, receivedAt, documentNumber, e.error(), e.getMessage()), null);
        }
    }

    /** The envelope's signer must be a branch, by the very certificate the directory names. */
    private String signingBranch(X509Certificate signerCertificate) {
        for (Participant branch : directory.branches()) {
            if (branch.certificates() != null && branch.certificates().path(CertificateRole.SIGNING).isPresent()
                    && directory.certificate(branch.code(), CertificateRole.SIGNING).equals(signerCertificate)) {
                return branch.code();
            }
        }
        throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER, "the signer (serial "
                + signerCertificate.getSerialNumber().toString(16) + ") is no branch's signing certificate");
    }

    private Answer reject(String documentId, String digest, Instant receivedAt, String documentNumber,
                          GatewayError error, String detail) {
        // the reason travels to the sender: our own short messages only, never what a parser said
        // about the content (it may quote obligor data)
        String reason = error == GatewayError.NOT_FOR_US || error == GatewayError.DUPLICATE_CONFLICT
                || error == GatewayError.UNKNOWN_SIGNER || error == GatewayError.MALFORMED_INPUT ? detail : error.title();
        Receipt r = receipt(documentId, digest, receivedAt, ReceiptStatus.REJECTED, error.code(), truncate(reason));
        return new Answer(digest, r, signer.sign(reader.toXml(r)), null, documentNumber, receivedAt);
    }

    private Receipt receipt(String documentId, String digest, Instant receivedAt, ReceiptStatus status,
                            String errorCode, String reason) {
        Receipt r = new Receipt();
        r.setReceiptId(UUID.randomUUID().toString());
        r.setDocumentId(documentId);
        r.setEnvelopeSha256(digest);
        r.setReceivedAt(datatypes.newXMLGregorianCalendar(GregorianCalendar.from(receivedAt.atZone(TAIPEI))));
        PartyRef me = new PartyRef();
        me.setCode(party.code());
        me.setKind(tw.gov.aee.gateway.contract.v1.PartyKind.valueOf(party.kind().name()));
        r.setReceiver(me);
        r.setStatus(status);
        r.setErrorCode(errorCode);
        r.setReason(reason);
        return r;
    }

    private byte[] misbehave(Behaviour now, Answer answer) {
        return switch (now) {
            case NORMAL, DOWN -> answer.signed;
            case GARBAGE -> GARBAGE.clone();
            case WRONG_SIGNER -> wrongSigner.get().sign(reader.toXml(answer.receipt));
            case WRONG_DIGEST -> {
                Receipt r = receipt(answer.receipt.getDocumentId(),
                        CmsEnvelope.sha256Hex(answer.envelopeSha256.getBytes(StandardCharsets.US_ASCII)),
                        answer.receivedAt, answer.receipt.getStatus(), answer.receipt.getErrorCode(), answer.receipt.getReason());
                r.setReceiptId(answer.receipt.getReceiptId());
                yield signer.sign(reader.toXml(r));
            }
        };
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    // ---- accessors ----

    Participant participant() { return party; }

    void behave(Behaviour b) { behaviour.set(b); }

    void listen(ProcessedListener l) { listeners.add(l); }

    Behaviour behaviour() { return behaviour.get(); }

    long rawDeliveries() { return rawDeliveries.get(); }

    long duplicatesSuppressed() { return duplicatesSuppressed.get(); }

    /**
     * Forgets its record of every document it processed or refused (the counters stay; the bounded
     * cache of recent answers too, as it does not grow with the documents). For the benchmark,
     * once it has counted everything, to tell what grows with the documents on the gateway's side
     * from what grows on the simulated banks'. A resend after this would be processed as new.
     */
    synchronized void forgetHistory() {
        acceptedDigests.clear();
        rejected.clear();
        processed.clear();
    }

    synchronized int processedCount() { return processed.size(); }

    synchronized List<String> processedDocumentIds() { return List.copyOf(processed.keySet()); }

    synchronized List<ProcessedDocument> processedDocuments() { return List.copyOf(processed.values()); }

    /** What a delivery was answered with; kept so an identical resend gets the very same bytes. */
    private record Answer(String envelopeSha256, Receipt receipt, byte[] signed, String documentType,
                          String documentNumber, Instant receivedAt) {
        boolean accepted() { return receipt.getStatus() == ReceiptStatus.ACCEPTED; }
    }

    /** The addressing a receiver checks, from either header kind. */
    private record Header(String documentId, String number, String sender, List<String> addressees) {

        static Header of(Object document) {
            Object header;
            try {
                header = document.getClass().getMethod("getHeader").invoke(document);
            } catch (NoSuchMethodException e) {
                throw new GatewayException(GatewayError.SCHEMA_INVALID, document.getClass().getSimpleName()
                        + " is not a document a party is sent");
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            List<String> to = new ArrayList<>();
            if (header instanceof DocumentHeader h) {
                h.getRecipient().forEach(p -> to.add(p.getCode()));
                h.getCopyTo().forEach(p -> to.add(p.getCode()));
                return new Header(h.getDocumentId(), h.getDocumentNumber(), h.getSender().getCode(), to);
            }
            if (header instanceof BatchHeader h) {
                to.add(h.getRecipient().getCode());
                h.getCopyTo().forEach(p -> to.add(p.getCode()));
                return new Header(h.getDocumentId(), h.getBatchReference(), h.getSender().getCode(), to);
            }
            throw new GatewayException(GatewayError.SCHEMA_INVALID, "the document has no header");
        }
    }
}
