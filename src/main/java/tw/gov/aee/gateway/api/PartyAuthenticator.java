package tw.gov.aee.gateway.api;

import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * Maps a client certificate (whose chain Tomcat has already checked against the truststore) to a
 * party. The CN names the party, but any holder of a certificate from the same CA could put any
 * CN in it, so the certificate presented must also be exactly the one the directory lists for
 * that party's TLS client role.
 */
class PartyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(PartyAuthenticator.class);

    private final ParticipantsDirectory directory;

    PartyAuthenticator(ParticipantsDirectory directory) {
        this.directory = directory;
    }

    Optional<Party> authenticate(X509Certificate presented) {
        Optional<String> cn = commonName(presented);
        Optional<Participant> participant = cn.flatMap(directory::find);
        if (participant.isEmpty()) {
            log.warn("Client certificate serial {} names no known party", presented.getSerialNumber().toString(16));
            return Optional.empty();
        }
        X509Certificate registered;
        try {
            registered = directory.certificate(participant.get().code(), CertificateRole.TLS_CLIENT);
        } catch (RuntimeException e) {
            log.warn("No TLS client certificate registered for party {}: {}", participant.get().code(), e.getMessage());
            return Optional.empty();
        }
        if (!registered.equals(presented)) {
            log.warn("Client certificate serial {} claims party {} but is not its registered certificate",
                    presented.getSerialNumber().toString(16), participant.get().code());
            return Optional.empty();
        }
        return Optional.of(new Party(participant.get().code(), participant.get().kind()));
    }

    /** The single CN of the subject; a subject with none or several names no party. */
    static Optional<String> commonName(X509Certificate certificate) {
        try {
            var cns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(Rdn::getValue)
                    .map(String::valueOf)
                    .toList();
            return cns.size() == 1 ? Optional.of(cns.get(0)) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
