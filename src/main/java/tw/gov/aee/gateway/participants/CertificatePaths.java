package tw.gov.aee.gateway.participants;

import java.util.Optional;

/**
 * Where a party's certificates lie, relative to the sample-PKI folder
 * ({@code gateway.participants.pki-directory}), e.g. {@code parties/004/signing.pem}.
 * {@code encryption} is null for branches.
 */
public record CertificatePaths(String signing, String encryption, String tlsClient) {

    /** The path for a role, if the party has a certificate for it. */
    public Optional<String> path(CertificateRole role) {
        return Optional.ofNullable(switch (role) {
            case SIGNING -> signing;
            case ENCRYPTION -> encryption;
            case TLS_CLIENT -> tlsClient;
        });
    }
}
