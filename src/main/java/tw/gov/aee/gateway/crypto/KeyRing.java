package tw.gov.aee.gateway.crypto;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys the gateway holds: its own (signing, archive) and each branch's signing key, which it
 * uses to sign the plain documents branches submit (DESIGN §9 "Who signs branch documents"; a
 * keystore per branch now, an HSM through PKCS#11 later). Each keystore is read once.
 */
public final class KeyRing {

    private final PkiProperties pki;
    private final Map<String, KeyMaterial> keys = new ConcurrentHashMap<>();
    private final Map<String, CmsSigner> signers = new ConcurrentHashMap<>();

    public KeyRing(PkiProperties pki) {
        this.pki = pki;
    }

    /** The signer for a branch's documents. */
    public CmsSigner branchSigner(String branchCode) {
        return signers.computeIfAbsent("parties/" + branchCode + "/signing.p12", p -> new CmsSigner(key(p)));
    }

    /** The gateway's own signer (receipts, webhook signatures). */
    public CmsSigner gatewaySigner() {
        return signers.computeIfAbsent("gateway/signing.p12", p -> new CmsSigner(key(p)));
    }

    /** The gateway's archive key: every envelope is also encrypted to it. */
    public KeyMaterial archiveKey() {
        return key("gateway/archive.p12");
    }

    public X509Certificate archiveCertificate() {
        return archiveKey().certificate();
    }

    private KeyMaterial key(String relative) {
        return keys.computeIfAbsent(relative, p -> KeyMaterial.fromPkcs12(pki.path(p), pki.password()));
    }
}
