package tw.gov.aee.gateway.benchmark;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;


import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.CryptoOperations;
import tw.gov.aee.gateway.crypto.KeyMaterial;
import tw.gov.aee.gateway.crypto.SignatureVerifier;

/**
 * The machine's cryptographic ceiling for this job: the public-key operations one order actually
 * cost in the run (counted by {@link CryptoOperations} — every sign, encrypt with its key wraps,
 * decrypt and verify, on both sides), with the payload sizes they had, done directly with
 * BouncyCastle on every core and nothing else, in orders per second.
 *
 * <p>Every thread repeats "one order's worth": for each operation kind, as many operations as the
 * run counted per order (fractions carried over to the next order). Keys: a branch's RSA signing
 * key, a bank's RSA encryption key and the gateway's archive certificate — the keys of the run.
 */
final class CryptoCeiling {

    /** Operations per order and their mean input size, from the run's counts. */
    record Profile(Map<CryptoOperations, Double> perOrder, Map<CryptoOperations, Integer> meanBytes, int wrapsPerEncrypt) {

        static Profile of(Map<CryptoOperations, long[]> counted, int orders) {
            Map<CryptoOperations, Double> per = new EnumMap<>(CryptoOperations.class);
            Map<CryptoOperations, Integer> size = new EnumMap<>(CryptoOperations.class);
            counted.forEach((op, cb) -> {
                per.put(op, cb[0] / (double) orders);
                size.put(op, cb[0] == 0 ? 0 : (int) (cb[1] / cb[0]));
            });
            long enc = counted.get(CryptoOperations.ENCRYPT)[0];
            int wraps = enc == 0 ? 1 : (int) Math.max(1, Math.round(counted.get(CryptoOperations.KEY_WRAP)[0] / (double) enc));
            return new Profile(per, size, wraps);
        }
    }

    private final KeyMaterial signing;
    private final KeyMaterial bankEncryption;
    private final List<X509Certificate> envelopeRecipients = new ArrayList<>();

    CryptoCeiling(Path pki, char[] password) {
        this.signing = KeyMaterial.fromPkcs12(pki.resolve("parties/TPE/signing.p12"), password);
        this.bankEncryption = KeyMaterial.fromPkcs12(pki.resolve("parties/004/encryption.p12"), password);
        envelopeRecipients.add(bankEncryption.certificate());
        envelopeRecipients.add(KeyMaterial.fromPkcs12(pki.resolve("gateway/archive.p12"), password).certificate());
        envelopeRecipients.add(KeyMaterial.fromPkcs12(pki.resolve("parties/NTBT/encryption.p12"), password).certificate());
    }

    /**
     * Orders per second on {@code threads} threads: after a warm-up, {@code rounds} measurements
     * of {@code seconds} each, of which the best counts. Anything else the process or machine does
     * meanwhile (the stopped gateway's last threads, a collection of its heap, another program)
     * can only lower a round, never raise it, so the best round is the machine's ceiling; one
     * round alone once came out at less than half the others.
     *
     * @return the rounds' figures in the order measured; the ceiling is their maximum
     */
    double[] measure(Profile profile, int threads, double warmupSeconds, double seconds, int rounds)
            throws InterruptedException {
        run(profile, threads, warmupSeconds);
        double[] figures = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            figures[i] = run(profile, threads, seconds);
        }
        return figures;
    }

    private double run(Profile profile, int threads, double seconds) throws InterruptedException {
        LongAdder orders = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker(profile);
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    w.oneOrder();
                    orders.increment();
                }
            }, "ceiling-" + i);
            workers.add(t);
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : workers) {
            t.join();
        }
        return orders.sum() / ((System.nanoTime() - start) / 1e9);
    }

    /** One thread's material: payloads of the run's sizes and the artefacts to open and verify. */
    private final class Worker {
        private final Profile profile;
        private final Map<CryptoOperations, Double> carry = new EnumMap<>(CryptoOperations.class);
        private final CmsSigner signer = new CmsSigner(signing);
        private final byte[] toSign;
        private final byte[] toEncrypt;
        private final byte[] envelope;
        private final byte[] signed;
        private final List<X509Certificate> recipients;

        Worker(Profile profile) {
            this.profile = profile;
            SecureRandom random = new SecureRandom();
            this.toSign = bytes(random, profile.meanBytes().get(CryptoOperations.SIGN));
            this.toEncrypt = bytes(random, profile.meanBytes().get(CryptoOperations.ENCRYPT));
            this.recipients = envelopeRecipients.subList(0, Math.min(profile.wrapsPerEncrypt(), envelopeRecipients.size()));
            // an envelope whose size is the mean size of those decrypted in the run (its content ~ that less the overhead)
            int decryptSize = profile.meanBytes().get(CryptoOperations.DECRYPT);
            this.envelope = CmsEnvelope.encrypt(bytes(random, Math.max(16, decryptSize - 600)), List.of(bankEncryption.certificate()),
                    CmsEnvelope.RecipientIdentifier.ISSUER_AND_SERIAL);
            this.signed = signer.sign(bytes(random, profile.meanBytes().get(CryptoOperations.VERIFY)));
            for (CryptoOperations op : CryptoOperations.values()) {
                carry.put(op, 0.0);
            }
        }

        void oneOrder() {
            repeat(CryptoOperations.SIGN, () -> signer.sign(toSign));
            repeat(CryptoOperations.ENCRYPT, () -> CmsEnvelope.encrypt(toEncrypt, recipients,
                    CmsEnvelope.RecipientIdentifier.ISSUER_AND_SERIAL));
            repeat(CryptoOperations.DECRYPT, () -> CmsEnvelope.decrypt(envelope, bankEncryption));
            repeat(CryptoOperations.VERIFY, this::verify);
        }

        private void repeat(CryptoOperations op, Runnable operation) {
            double n = carry.get(op) + profile.perOrder().get(op);
            while (n >= 1) {
                operation.run();
                n -= 1;
            }
            carry.put(op, n);
        }

        /** The signature check itself (no path validation, no CRL: those are not the cryptography). */
        private void verify() {
            if (!SignatureVerifier.signatureHolds(signed)) {
                throw new IllegalStateException("the ceiling's own signature does not verify");
            }
        }
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[Math.max(1, n)];
        random.nextBytes(b);
        return b;
    }
}
