package tw.gov.aee.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tw.gov.aee.gateway.GatewayException;

/**
 * The webhook's detached signature (DESIGN §9 "Webhook to branches"): made by the gateway's signing
 * key over the exact body bytes, verified by us and by {@code openssl cms -verify -content}.
 */
class DetachedSignatureTest {

    static final byte[] BODY = "{\"replyId\":\"r-1\",\"bank\":\"004\",\"totalSeized\":186250,\"caseNumber\":\"110年綜所稅執特專字第00092475號\"}"
            .getBytes(StandardCharsets.UTF_8);

    final CmsSigner gateway = new CmsSigner(SamplePki.gatewayKey("signing"));

    @Test
    void ourVerifierAcceptsTheDetachedSignatureAndNamesTheGatewayAsSigner() {
        byte[] signature = gateway.signDetached(BODY);
        SignatureVerifier.VerifiedContent v = SamplePki.verifier().verifyDetached(signature, BODY, Instant.now());
        assertThat(v.signer()).isEqualTo(SamplePki.gatewayKey("signing").certificate());
        assertThat(v.content()).isEqualTo(BODY);
    }

    @Test
    void aChangedBodyDoesNotVerify() {
        byte[] signature = gateway.signDetached(BODY);
        byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("186250", "186251").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SamplePki.verifier().verifyDetached(signature, changed, Instant.now()))
                .isInstanceOf(GatewayException.class);
    }

    @Test
    void anEncapsulatingSignatureIsNoDetachedOne() {
        assertThatThrownBy(() -> SamplePki.verifier().verifyDetached(gateway.sign(BODY), BODY, Instant.now()))
                .isInstanceOf(GatewayException.class).hasMessageContaining("detached");
    }

    @Test
    void openSslVerifiesTheDetachedSignatureOverTheBody(@TempDir Path tmp) throws Exception {
        Path body = Files.write(tmp.resolve("body.json"), BODY);
        Path sig = Files.write(tmp.resolve("signature.der"), gateway.signDetached(BODY));
        Path trust = tmp.resolve("trust.pem");
        Files.writeString(trust, Files.readString(SamplePki.DIR.resolve("ca/ca-bundle.pem"))
                + Files.readString(SamplePki.DIR.resolve("ca/issuing-ca.crl.pem")));
        OpenSslInteropTest.openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content", body,
                "-CAfile", trust, "-no-CApath", "-no-CAstore", "-crl_check", "-verify_retcode", "-out", tmp.resolve("out"));
        assertThat(Files.readAllBytes(tmp.resolve("out"))).isEqualTo(BODY);
    }
}
