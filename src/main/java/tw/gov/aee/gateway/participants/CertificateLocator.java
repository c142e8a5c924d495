package tw.gov.aee.gateway.participants;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Resolves a participant's certificate paths against the PKI folder
 * ({@code gateway.participants.pki-directory}) and loads them. Paths in the directory are
 * checked on load to be relative and free of {@code ..}; resolving checks again that the result
 * stays inside the folder, because a path names a file.
 */
public final class CertificateLocator {

    private final Path pkiDirectory;
    private final CertificateLoader loader;

    public CertificateLocator(Path pkiDirectory, CertificateLoader loader) {
        this.pkiDirectory = pkiDirectory.toAbsolutePath().normalize();
        this.loader = Objects.requireNonNull(loader);
    }

    public Path pkiDirectory() {
        return pkiDirectory;
    }

    /** The file holding the participant's certificate for the role. */
    public Path resolve(Participant participant, CertificateRole role) {
        String relative = participant.certificates() == null ? null
                : participant.certificates().path(role).orElse(null);
        if (relative == null) {
            throw new DirectoryException("party " + participant.code() + ": certificates." + role.field()
                    + " is not in the participants directory");
        }
        Path file = pkiDirectory.resolve(relative).normalize();
        if (!file.startsWith(pkiDirectory)) {
            throw new DirectoryException("party " + participant.code() + ": certificates." + role.field() + ": "
                    + DirectoryException.quote(relative) + " leaves the PKI folder");
        }
        return file;
    }

    /** Loads the participant's certificate for the role. */
    public X509Certificate load(Participant participant, CertificateRole role) {
        Path file = resolve(participant, role);
        try {
            X509Certificate certificate = loader.load(file);
            if (certificate == null) {
                throw new GeneralSecurityException("no certificate in the file");
            }
            return certificate;
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new DirectoryException("party " + participant.code() + ": certificates." + role.field() + ": "
                    + pkiDirectory.relativize(file) + " cannot be read from " + pkiDirectory
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
