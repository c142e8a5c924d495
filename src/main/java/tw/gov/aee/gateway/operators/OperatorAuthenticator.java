package tw.gov.aee.gateway.operators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Checks an operator's credentials: a password against the configured bcrypt hash, or a TLS
 * client certificate (already chain-checked by Tomcat) against the exact certificate registered
 * for the account. An unknown name costs as much as a wrong password, so timing does not tell
 * which names exist.
 */
public class OperatorAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(OperatorAuthenticator.class);

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Map<String, OperatorProperties.Account> byName = new HashMap<>();
    private final Map<X509Certificate, Operator> byCertificate = new HashMap<>();
    /** Compared against when the name is unknown, so the answer takes the same time. */
    private final String decoyHash = bcrypt.encode("no such operator");

    public OperatorAuthenticator(OperatorProperties properties) {
        for (OperatorProperties.Account a : properties.accounts()) {
            if (byName.put(a.name(), a) != null) {
                throw new IllegalStateException("operator " + a.name() + " is configured twice");
            }
            if (a.certificate() != null) {
                byCertificate.put(load(a), new Operator(a.name(), a.role()));
            }
        }
        log.info("{} operator account(s) configured", byName.size());
    }

    public Optional<Operator> withPassword(String name, String password) {
        OperatorProperties.Account account = byName.get(name);
        String hash = account == null || account.passwordHash() == null ? decoyHash : account.passwordHash();
        boolean matches = bcrypt.matches(password, hash);
        if (account == null || account.passwordHash() == null || !matches) {
            return Optional.empty();
        }
        return Optional.of(new Operator(account.name(), account.role()));
    }

    public Optional<Operator> withCertificate(X509Certificate presented) {
        for (Map.Entry<X509Certificate, Operator> e : byCertificate.entrySet()) {
            try {
                if (MessageDigest.isEqual(e.getKey().getEncoded(), presented.getEncoded())) {
                    return Optional.of(e.getValue());
                }
            } catch (java.security.cert.CertificateEncodingException ex) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static X509Certificate load(OperatorProperties.Account a) {
        try (InputStream in = Files.newInputStream(a.certificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("operator " + a.name() + ": cannot read " + a.certificate(), e);
        } catch (CertificateException e) {
            throw new IllegalStateException("operator " + a.name() + ": not a certificate: " + a.certificate(), e);
        }
    }
}
