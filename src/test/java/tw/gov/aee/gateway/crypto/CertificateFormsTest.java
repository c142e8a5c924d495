package tw.gov.aee.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;

/**
 * A remembered form is always of exactly the certificate asked about: equal certificates read from
 * different messages share it, different ones never do.
 */
class CertificateFormsTest {

    @Test
    void theSameCertificateFromTwoSignaturesHasOneJdkFormAndItIsThatCertificate() throws Exception {
        KeyMaterial branch = SamplePki.key("TPE", "signing");
        X509CertificateHolder first = signerCertificate(new CmsSigner(branch).sign(CmsEnvelopeTest.DOC));
        X509CertificateHolder second = signerCertificate(new CmsSigner(branch).sign(CmsEnvelopeTest.DOC));
        assertThat(second).isNotSameAs(first);

        X509Certificate jdk = CertificateForms.jdk(first);
        assertThat(CertificateForms.jdk(second)).isSameAs(jdk);
        assertThat(jdk.getEncoded()).isEqualTo(branch.certificate().getEncoded());
    }

    @Test
    void differentCertificatesOfOneSubjectAndIssuerNeverShareAForm() throws Exception {
        KeyMaterial valid = SamplePki.key("TPE", "signing");
        KeyMaterial revoked = SamplePki.key("TPE", "signing-revoked");
        X509Certificate a = CertificateForms.jdk(signerCertificate(new CmsSigner(valid).sign(CmsEnvelopeTest.DOC)));
        X509Certificate b = CertificateForms.jdk(signerCertificate(new CmsSigner(revoked).sign(CmsEnvelopeTest.DOC)));

        assertThat(a.getEncoded()).isEqualTo(valid.certificate().getEncoded());
        assertThat(b.getEncoded()).isEqualTo(revoked.certificate().getEncoded());
        assertThat(CertificateForms.holder(valid.certificate()).getEncoded()).isEqualTo(valid.certificate().getEncoded());
        assertThat(CertificateForms.holder(revoked.certificate()).getEncoded()).isEqualTo(revoked.certificate().getEncoded());
        assertThat(CertificateForms.holder(valid.certificate())).isSameAs(CertificateForms.holder(valid.certificate()));
    }

    private static X509CertificateHolder signerCertificate(byte[] signedData) throws Exception {
        CMSSignedData sd = new CMSSignedData(signedData);
        return (X509CertificateHolder) sd.getCertificates()
                .getMatches(sd.getSignerInfos().getSigners().iterator().next().getSID()).iterator().next();
    }
}
