package tw.gov.aee.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.crypto.CertificateValidator;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyMaterial;
import tw.gov.aee.gateway.crypto.SignatureVerifier;

/**
 * The integrator's command line, in the gateway's own jar, so a bank or agency can test its side
 * against ours without running the gateway:
 *
 * <pre>
 * seal           sign a document with a PKCS#12 key and encrypt it for one or more certificates
 * open           decrypt and verify an envelope; print signer, signing time, certificate status
 * verify-receipt verify a signed Receipt; print it; compare its digest with an envelope
 * </pre>
 *
 * Keystore passwords come from an environment variable (default GATEWAY_KEYSTORE_PASSWORD), never
 * from the command line. Exit codes: 0 accepted, 1 refused (the error code is printed), 2 usage.
 */
public final class IntegratorCommand {

    private static final Set<String> COMMANDS = Set.of("seal", "open", "verify-receipt");
    private static final String USAGE = """
            usage:
              seal --in DOC.xml --signer KEY.p12 --recipient CERT.pem [--recipient CERT.pem ...] [--keyid] --out ENVELOPE
              open --in ENVELOPE --key KEY.p12 [--ca BUNDLE.pem] [--crl CRL.pem ...] [--out DOC.xml]
              verify-receipt --in RECEIPT [--envelope ENVELOPE] [--ca BUNDLE.pem] [--crl CRL.pem ...]
            options:
              --password-env NAME   environment variable holding the keystore password (default GATEWAY_KEYSTORE_PASSWORD)
              --password-file FILE  or a file holding it (first line)
              --ca, --crl           trust anchors and CRLs (default: the sample PKI in certs-sample/ca)
            """;

    private IntegratorCommand() { }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "seal" -> seal(o, out);
                case "open" -> open(o, out);
                default -> verifyReceipt(o, out);
            };
        } catch (GatewayException e) {
            err.println("REFUSED " + e.error().code() + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static int seal(Options o, PrintStream out) throws IOException {
        KeyMaterial signer = KeyMaterial.fromPkcs12(o.path("signer"), o.password());
        List<X509Certificate> recipients = new ArrayList<>();
        for (String r : o.all("recipient")) {
            recipients.add(readCertificate(Path.of(r)));
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one --recipient is required");
        }
        byte[] doc = Files.readAllBytes(o.path("in"));
        byte[] signed = new CmsSigner(signer).sign(doc);
        byte[] envelope = CmsEnvelope.encrypt(signed, recipients, o.flag("keyid")
                ? CmsEnvelope.RecipientIdentifier.SUBJECT_KEY_IDENTIFIER : CmsEnvelope.RecipientIdentifier.ISSUER_AND_SERIAL);
        Files.write(o.path("out"), envelope);
        out.println("sealed " + doc.length + " bytes signed by " + describe(signer.certificate()) + " for "
                + recipients.size() + " recipient(s)");
        out.println("envelope sha256: " + CmsEnvelope.sha256Hex(envelope));
        return 0;
    }

    private static int open(Options o, PrintStream out) throws IOException {
        KeyMaterial key = KeyMaterial.fromPkcs12(o.path("key"), o.password());
        byte[] envelope = Files.readAllBytes(o.path("in"));
        Instant now = Instant.now();
        CmsEnvelope.Opened opened = CmsEnvelope.open(envelope, key, new SignatureVerifier(o.validator()), now);
        out.println("envelope sha256:    " + opened.envelopeSha256());
        out.println("signer:             " + describe(opened.signer()));
        out.println("signing time:       " + (opened.signingTime() == null ? "(none claimed)" : opened.signingTime()));
        out.println("certificate status: valid at " + now + ", chains to a trust anchor, not revoked (CRL checked)");
        if (o.has("out")) {
            Files.write(o.path("out"), opened.document());
            out.println("document:           " + opened.document().length + " bytes written to " + o.path("out"));
        } else {
            out.println("document:");
            out.println(new String(opened.document(), StandardCharsets.UTF_8));
        }
        return 0;
    }

    private static int verifyReceipt(Options o, PrintStream out) throws IOException {
        byte[] receipt = Files.readAllBytes(o.path("in"));
        Instant now = Instant.now();
        SignatureVerifier.VerifiedContent v = new SignatureVerifier(o.validator()).verify(receipt, now);
        Receipt r = new DocumentReader().readXml(v.content(), Receipt.class);
        out.println("receipt signed by:  " + describe(v.signer()));
        out.println("signing time:       " + v.signingTime());
        out.println("certificate status: valid at " + now + ", chains to a trust anchor, not revoked (CRL checked)");
        out.println("receipt id:         " + r.getReceiptId());
        out.println("document id:        " + r.getDocumentId());
        out.println("received at:        " + r.getReceivedAt());
        out.println("status:             " + r.getStatus() + (r.getErrorCode() == null ? "" : " (" + r.getErrorCode() + ")"));
        out.println("envelope sha256:    " + r.getEnvelopeSha256());
        if (o.has("envelope")) {
            String actual = CmsEnvelope.sha256Hex(Files.readAllBytes(o.path("envelope")));
            boolean same = java.security.MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                    r.getEnvelopeSha256().getBytes(StandardCharsets.US_ASCII));
            out.println("digest matches " + o.path("envelope") + ": " + (same ? "yes" : "NO (envelope is " + actual + ")"));
            if (!same) {
                return 1;
            }
        }
        return 0;
    }

    static X509Certificate readCertificate(Path pem) throws IOException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("not a certificate: " + pem, e);
        }
    }

    private static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + " (serial " + c.getSerialNumber().toString(16) + ", "
                + c.getPublicKey().getAlgorithm() + ")";
    }

    /** --name value pairs; repeated names collect; --keyid is a flag. */
    private record Options(Map<String, List<String>> values) {

        private static final Set<String> FLAGS = Set.of("keyid");

        static Options parse(String[] args) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument: " + args[i]);
                }
                String name = args[i].substring(2);
                if (FLAGS.contains(name)) {
                    m.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (i + 1 < args.length) {
                    m.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
                } else {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
            }
            return new Options(m);
        }

        boolean has(String name) { return values.containsKey(name); }

        boolean flag(String name) { return has(name); }

        List<String> all(String name) { return values.getOrDefault(name, List.of()); }

        Path path(String name) {
            if (!has(name)) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return Path.of(values.get(name).get(0));
        }

        char[] password() {
            if (has("password-file")) {
                try {
                    return Files.readString(path("password-file"), StandardCharsets.UTF_8).strip().toCharArray();
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read --password-file " + path("password-file"));
                }
            }
            String var = has("password-env") ? values.get("password-env").get(0) : "GATEWAY_KEYSTORE_PASSWORD";
            String p = System.getenv(var);
            if (p == null) {
                throw new IllegalArgumentException("set " + var + " to the keystore password"
                        + " (for the sample PKI in certs-sample/ it is 'sample-only')");
            }
            return p.toCharArray();
        }

        CertificateValidator validator() {
            Path ca = has("ca") ? Path.of(values.get("ca").get(0)) : Path.of("certs-sample/ca/ca-bundle.pem");
            List<Path> crls = new ArrayList<>();
            if (has("crl")) {
                all("crl").forEach(c -> crls.add(Path.of(c)));
            } else {
                crls.add(Path.of("certs-sample/ca/issuing-ca.crl.pem"));
                crls.add(Path.of("certs-sample/ca/root-ca.crl.pem"));
            }
            return CertificateValidator.fromFiles(ca, crls);
        }
    }
}
