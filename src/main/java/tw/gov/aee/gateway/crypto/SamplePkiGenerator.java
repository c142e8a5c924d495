package tw.gov.aee.gateway.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Writes the complete SAMPLE public-key infrastructure into a folder (normally
 * {@code certs-sample/}); run by {@code certs-sample/generate.sh}. Nothing it makes is ever for
 * production: every keystore uses the published sample password that {@code generate.sh} passes in
 * {@code SAMPLE_PKI_PASSWORD} (documented in {@code certs-sample/README.md}), and the
 * private keys are also written unencrypted so OpenSSL interop tests can use them.
 *
 * <p>Layout: {@code ca/} (root and issuing CA, bundle, CRLs, truststore), {@code gateway/}
 * (signing, archive encryption, TLS server), {@code parties/<code>/} per branch, bank and agency
 * (signing, encryption, TLS client, TLS server), each as {@code .p12}, {@code .pem} (certificate)
 * and {@code .key.pem} (PKCS#8). See {@code certs-sample/README.md} for the key-usage choices.
 */
public final class SamplePkiGenerator {

    /** The environment variable that carries the sample keystores' published password. */
    static final String PASSWORD_VARIABLE = "SAMPLE_PKI_PASSWORD";

    static final String[] BRANCHES = {"TPE", "NTP", "SLN", "TYN", "HSC", "TXG", "CHW", "CYI", "TNN", "KHH", "PIF", "HUN", "ILA"};
    static final String[] BANKS = {"004", "005", "006", "007", "008", "009", "012", "013", "700"};
    static final String[] AGENCIES = {"NTBT", "NTBNA", "NHIA", "BLI", "THBMV"};
    /** This bank signs with ECDSA P-256, to prove both signature families are accepted. */
    static final String EC_SIGNING_BANK = "013";
    /** The parties that also get a revoked and an expired signing certificate. */
    static final String[] WITH_BAD_SIGNING_CERTS = {"004", "TPE"};

    private static final Duration VALIDITY = Duration.ofDays(365L * 20 + 5);
    private static final String SIG_ALG = "SHA256withRSA";

    private enum Purpose { SIGNING, ENCRYPTION, TLS_CLIENT, TLS_SERVER }

    private final Path out;
    private final char[] password;
    private final SecureRandom random = new SecureRandom();
    private final Instant now = Instant.now();
    private final KeyPairGenerator rsa;
    private final KeyPairGenerator ec;
    private final List<BigInteger> revoked = new ArrayList<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private KeyPair rootKey;
    private X509Certificate rootCert;
    private KeyPair issuingKey;
    private X509Certificate issuingCert;

    private SamplePkiGenerator(Path out, char[] password) throws Exception {
        this.out = out;
        this.password = password;
        this.rsa = KeyPairGenerator.getInstance("RSA", Crypto.PROVIDER);
        this.rsa.initialize(2048, random);
        this.ec = KeyPairGenerator.getInstance("EC", Crypto.PROVIDER);
        this.ec.initialize(new ECGenParameterSpec("secp256r1"), random);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "certs-sample");
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("set " + PASSWORD_VARIABLE + " (certs-sample/generate.sh does)");
        }
        new SamplePkiGenerator(out, password.toCharArray()).generateAll();
    }

    /**
     * Issues keys and certificates for more parties into an existing SAMPLE PKI folder, from its own
     * issuing CA (the benchmark adds generated banks this way to a copy of {@code certs-sample/}).
     * The CRLs and the truststore stay as they are: the new certificates are valid and unrevoked.
     *
     * @param kind {@code BANK} or {@code AGENCY} (with encryption and TLS server keys) or {@code BRANCH}
     */
    public static void addParties(Path pkiDirectory, char[] password, String kind, List<String> codes) throws Exception {
        SamplePkiGenerator g = new SamplePkiGenerator(pkiDirectory, password);
        KeyMaterial issuing = KeyMaterial.fromPkcs12(pkiDirectory.resolve("ca/issuing-ca.p12"), password);
        KeyMaterial root = KeyMaterial.fromPkcs12(pkiDirectory.resolve("ca/root-ca.p12"), password);
        g.issuingKey = new KeyPair(issuing.certificate().getPublicKey(), issuing.privateKey());
        g.issuingCert = issuing.certificate();
        g.rootCert = root.certificate();
        for (String code : codes) {
            g.party(code, kind, !"BRANCH".equals(kind));
        }
    }

    private void generateAll() throws Exception {
        for (String dir : List.of("ca", "gateway", "parties")) {
            Files.createDirectories(out.resolve(dir));
        }
        makeCas();
        Path gw = out.resolve("gateway");
        leaf(gw, "signing", "GATEWAY", "Enforcement Exchange Gateway", Purpose.SIGNING, false, now, now.plus(VALIDITY));
        leaf(gw, "archive", "GATEWAY", "Enforcement Exchange Gateway", Purpose.ENCRYPTION, false, now, now.plus(VALIDITY));
        leaf(gw, "tls-server", "localhost", "Enforcement Exchange Gateway", Purpose.TLS_SERVER, false, now, now.plus(VALIDITY));
        for (String b : BRANCHES) {
            party(b, "BRANCH", false);
        }
        for (String b : BANKS) {
            party(b, "BANK", true);
        }
        for (String a : AGENCIES) {
            party(a, "AGENCY", true);
        }
        for (String code : WITH_BAD_SIGNING_CERTS) {
            Path dir = out.resolve("parties").resolve(code);
            X509Certificate r = leaf(dir, "signing-revoked", code, code, Purpose.SIGNING, false, now, now.plus(VALIDITY));
            revoked.add(r.getSerialNumber());
            Instant start = now.minus(Duration.ofDays(730));
            leaf(dir, "signing-expired", code, code, Purpose.SIGNING, false, start, now.minus(Duration.ofDays(365)));
        }
        writeCrls();
        writeTruststore();
        System.out.println("sample PKI written to " + out.toAbsolutePath() + ": " + counts);
    }

    private void party(String code, String kind, boolean encrypts) throws Exception {
        Path dir = out.resolve("parties").resolve(code);
        Files.createDirectories(dir);
        String org = kind + " " + code;
        leaf(dir, "signing", code, org, Purpose.SIGNING, EC_SIGNING_BANK.equals(code), now, now.plus(VALIDITY));
        if (encrypts) {
            leaf(dir, "encryption", code, org, Purpose.ENCRYPTION, false, now, now.plus(VALIDITY));
            leaf(dir, "tls-server", "localhost", org, Purpose.TLS_SERVER, false, now, now.plus(VALIDITY));
        }
        leaf(dir, "tls-client", code, org, Purpose.TLS_CLIENT, false, now, now.plus(VALIDITY));
    }

    private void makeCas() throws Exception {
        KeyPairGenerator caGen = KeyPairGenerator.getInstance("RSA", Crypto.PROVIDER);
        caGen.initialize(3072, random);
        rootKey = caGen.generateKeyPair();
        X500Name rootName = name("AEE Sample Root CA", "CA", "Administrative Enforcement Agency (SAMPLE)");
        rootCert = sign(new JcaX509v3CertificateBuilder(rootName, serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY).plus(Duration.ofDays(2))), rootName, rootKey.getPublic()),
                rootKey.getPrivate(), caExtensions(rootKey, null, 1));
        issuingKey = caGen.generateKeyPair();
        X500Name issuingName = name("AEE Sample Issuing CA", "CA", "Administrative Enforcement Agency (SAMPLE)");
        issuingCert = sign(new JcaX509v3CertificateBuilder(rootName, serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY).plus(Duration.ofDays(1))), issuingName, issuingKey.getPublic()),
                rootKey.getPrivate(), caExtensions(issuingKey, rootCert, 0));
        Path ca = out.resolve("ca");
        writeKeyAndCert(ca, "root-ca", rootKey.getPrivate(), rootCert, new X509Certificate[] {rootCert});
        writeKeyAndCert(ca, "issuing-ca", issuingKey.getPrivate(), issuingCert, new X509Certificate[] {issuingCert, rootCert});
        Files.writeString(ca.resolve("ca-bundle.pem"), pem(issuingCert) + pem(rootCert));
    }

    private List<Extension> caExtensions(KeyPair key, X509Certificate parent, int pathLen) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<Extension> ext = new ArrayList<>();
        ext.add(new Extension(Extension.basicConstraints, true, new BasicConstraints(pathLen).getEncoded()));
        ext.add(new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).getEncoded()));
        ext.add(new Extension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()).getEncoded()));
        if (parent != null) {
            ext.add(new Extension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(parent).getEncoded()));
        }
        return ext;
    }

    private X509Certificate leaf(Path dir, String file, String cn, String org, Purpose purpose, boolean ecKey,
                                 Instant notBefore, Instant notAfter) throws Exception {
        Files.createDirectories(dir);
        KeyPair kp = ecKey ? ec.generateKeyPair() : rsa.generateKeyPair();
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<Extension> ext = new ArrayList<>();
        ext.add(new Extension(Extension.basicConstraints, true, new BasicConstraints(false).getEncoded()));
        ext.add(new Extension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(kp.getPublic()).getEncoded()));
        ext.add(new Extension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuingCert).getEncoded()));
        switch (purpose) {
            // No extendedKeyUsage on signing certificates: OpenSSL's default S/MIME purpose then
            // accepts them without -purpose any (an EKU would have to name emailProtection).
            case SIGNING -> ext.add(new Extension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).getEncoded()));
            case ENCRYPTION -> ext.add(new Extension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyEncipherment).getEncoded()));
            case TLS_CLIENT -> {
                ext.add(new Extension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment).getEncoded()));
                ext.add(new Extension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth).getEncoded()));
            }
            case TLS_SERVER -> {
                ext.add(new Extension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment).getEncoded()));
                ext.add(new Extension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth).getEncoded()));
                ext.add(new Extension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}).getEncoded()));
            }
        }
        String ou = purpose.name().toLowerCase().replace('_', '-');
        X509Certificate cert = sign(new JcaX509v3CertificateBuilder(issuingCert, serial(), Date.from(notBefore),
                Date.from(notAfter), name(cn, ou, org + " (SAMPLE)"), kp.getPublic()), issuingKey.getPrivate(), ext);
        writeKeyAndCert(dir, file, kp.getPrivate(), cert, new X509Certificate[] {cert, issuingCert, rootCert});
        counts.merge(purpose.name(), 1, Integer::sum);
        return cert;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey caKey, List<Extension> ext) throws Exception {
        for (Extension e : ext) {
            builder.addExtension(e);
        }
        ContentSigner signer = new JcaContentSignerBuilder(SIG_ALG).setProvider(Crypto.PROVIDER).build(caKey);
        return new JcaX509CertificateConverter().setProvider(Crypto.PROVIDER).getCertificate(builder.build(signer));
    }

    private void writeCrls() throws Exception {
        Path ca = out.resolve("ca");
        writeCrl(ca.resolve("issuing-ca.crl.pem"), issuingCert, issuingKey.getPrivate(), revoked);
        writeCrl(ca.resolve("root-ca.crl.pem"), rootCert, rootKey.getPrivate(), List.of());
    }

    private void writeCrl(Path file, X509Certificate issuer, PrivateKey key, List<BigInteger> serials) throws Exception {
        X509v2CRLBuilder b = new JcaX509v2CRLBuilder(issuer, Date.from(now));
        b.setNextUpdate(Date.from(now.plus(VALIDITY)));
        for (BigInteger s : serials) {
            b.addCRLEntry(s, Date.from(now), CRLReason.keyCompromise);
        }
        b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        X509CRLHolder holder = b.build(new JcaContentSignerBuilder(SIG_ALG).setProvider(Crypto.PROVIDER).build(key));
        X509CRL crl = new JcaX509CRLConverter().setProvider(Crypto.PROVIDER).getCRL(holder);
        Files.writeString(file, pem(crl));
    }

    private void writeTruststore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("aee-sample-root-ca", rootCert);
        ks.setCertificateEntry("aee-sample-issuing-ca", issuingCert);
        try (OutputStream os = Files.newOutputStream(out.resolve("ca").resolve("truststore.p12"))) {
            ks.store(os, password);
        }
    }

    private void writeKeyAndCert(Path dir, String file, PrivateKey key, X509Certificate cert, X509Certificate[] chain)
            throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(file, key, password, chain);
        try (OutputStream os = Files.newOutputStream(dir.resolve(file + ".p12"))) {
            ks.store(os, password);
        }
        Files.writeString(dir.resolve(file + ".pem"), pem(cert));
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(new JcaPKCS8Generator(key, null));
        }
        Files.writeString(dir.resolve(file + ".key.pem"), sw.toString(), StandardCharsets.US_ASCII);
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (Writer w = new JcaPEMWriter(sw)) {
            ((JcaPEMWriter) w).writeObject(o);
        }
        return sw.toString();
    }

    private static X500Name name(String cn, String ou, String org) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "TW").addRDN(BCStyle.O, org).addRDN(BCStyle.OU, ou).addRDN(BCStyle.CN, cn).build();
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }


}
