package tw.gov.aee.gateway.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import tw.gov.aee.gateway.documents.DocumentReader;

class PaperRendererTest {

    private final DocumentReader reader = new DocumentReader();

    private String render(String xml) {
        return new PaperRenderer().render(reader.readXml(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "012",
                code -> code.equals("012") ? "台北富邦商業銀行" : "機關" + code);
    }

    @Test
    void rendersRocDatesTheCaseTableAndAMaskedId() throws Exception {
        String html = render(Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml")));
        assertThat(html).contains("<h1>扣押命令</h1>", "民國110年3月8日", "機關NTBT", "NT$1,256,300", "A1******89")
                .doesNotContain("A123456789");
    }

    @Test
    void escapesEveryValueSoADocumentCannotInjectMarkup() throws Exception {
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("<name>陳志明</name>", "<name>&lt;script&gt;alert(1)&lt;/script&gt;\"</name>");
        String html = render(xml);
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
    }

    @Test
    void rendersRevocationsAndCertificatesToo() throws Exception {
        assertThat(render(Files.readString(Path.of("schemas/examples/valid/seizure-revocation.xml")))).contains("撤銷扣押命令");
        assertThat(render(Files.readString(Path.of("schemas/examples/valid/execution-certificate.xml")))).contains("執行憑證");
    }
}
