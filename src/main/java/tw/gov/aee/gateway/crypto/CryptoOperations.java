package tw.gov.aee.gateway.crypto;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the public-key operations this process actually performed (the benchmark builds its
 * cryptographic ceiling from these counts, not from assumed ones).
 */
public enum CryptoOperations {
    /** A CMS SignedData produced. */
    SIGN,
    /** A CMS signature verified (successfully or not). */
    VERIFY,
    /** An AuthEnvelopedData produced (one per envelope, whatever the number of recipients). */
    ENCRYPT,
    /** A recipient key wrapped with RSA-OAEP (one per recipient of an envelope). */
    KEY_WRAP,
    /** An AuthEnvelopedData opened (key unwrap + AES-GCM decryption). */
    DECRYPT;

    private final LongAdder count = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    /** One operation over {@code size} bytes of input (what was signed, encrypted, decrypted, verified). */
    void record(long size) {
        count.increment();
        bytes.add(size);
    }

    void add(long n) { count.add(n); }

    public long count() { return count.sum(); }

    /** Input bytes of the operations counted (0 for {@link #KEY_WRAP}: always one 32-byte key). */
    public long bytes() { return bytes.sum(); }

    /** A snapshot of every counter. */
    public static Map<CryptoOperations, Long> snapshot() {
        Map<CryptoOperations, Long> m = new EnumMap<>(CryptoOperations.class);
        for (CryptoOperations op : values()) {
            m.put(op, op.count());
        }
        return m;
    }
}
