package tw.gov.aee.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.PartyKind;

class PartyAuthenticatorTest {

    static X509Certificate tlsClient(String party) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("certs-sample/parties", party, "tls-client.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    final ParticipantsDirectory directory = mock(ParticipantsDirectory.class);
    final PartyAuthenticator authenticator = new PartyAuthenticator(directory);

    void register(String code, PartyKind kind, X509Certificate certificate) {
        Participant participant = mock(Participant.class);
        when(participant.code()).thenReturn(code);
        when(participant.kind()).thenReturn(kind);
        when(directory.find(code)).thenReturn(Optional.of(participant));
        when(directory.certificate(code, CertificateRole.TLS_CLIENT)).thenReturn(certificate);
    }

    @Test
    void namesThePartyWhoseRegisteredCertificateWasPresented() throws Exception {
        register("TPE", PartyKind.BRANCH, tlsClient("TPE"));
        assertThat(authenticator.authenticate(tlsClient("TPE"))).contains(new Party("TPE", PartyKind.BRANCH));
    }

    @Test
    void refusesACertificateWhoseCommonNameIsRightButWhichIsNotTheRegisteredOne() throws Exception {
        // As if TPE's certificate had been re-issued, or a CN forged by another holder of the CA.
        register("TPE", PartyKind.BRANCH, tlsClient("NTP"));
        assertThat(authenticator.authenticate(tlsClient("TPE"))).isEmpty();
    }

    @Test
    void refusesACertificateNamingNoKnownParty() throws Exception {
        when(directory.find("TPE")).thenReturn(Optional.empty());
        assertThat(authenticator.authenticate(tlsClient("TPE"))).isEmpty();
    }

    @Test
    void readsTheCommonName() throws Exception {
        assertThat(PartyAuthenticator.commonName(tlsClient("004"))).contains("004");
    }
}
