package tw.gov.aee.gateway.participants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.core.io.FileSystemResource;

/** A small valid directory file for tests, and variants of it made by replacing one piece of text. */
final class SampleDirectory {

    static final String VALID = """
            version: 3
            updated: 2025-11-26
            parties:
              - code: TPE
                kind: BRANCH
                name: 臺北分署
                nameEn: Taipei Branch
                certificates:
                  signing: parties/TPE/signing.pem
                  tlsClient: parties/TPE/tls-client.pem
                transport: WEBHOOK
                endpoint: https://localhost:8543/branches/TPE/replies
                acceptsElectronically: [SEIZURE_REPLY, CASE_STATUS]
                paperFallback: false
                draftNumberRange: { rocYear: 114, from: 9900000, to: 9909999 }
                autoSendRevocations: true
              - code: KHH
                kind: BRANCH
                name: 高雄分署
                nameEn: Kaohsiung Branch
                certificates:
                  signing: parties/KHH/signing.pem
                  tlsClient: parties/KHH/tls-client.pem
                transport: POLLING
                acceptsElectronically: [SEIZURE_REPLY]
                paperFallback: false
                draftNumberRange: { rocYear: 114, from: 9990000, to: 9999999 }
                autoSendRevocations: false
              - code: "004"
                kind: BANK
                name: 臺灣銀行
                nameEn: Bank of Taiwan
                certificates:
                  signing: parties/004/signing.pem
                  encryption: parties/004/encryption.pem
                  tlsClient: parties/004/tls-client.pem
                transport: PUSH
                endpoint: https://localhost:8543/banks/004/receiver
                acceptsElectronically: [ENFORCEMENT_ORDER, SEIZURE_REVOCATION]
                paperFallback: false
              - code: "012"
                kind: BANK
                name: 台北富邦商業銀行
                nameEn: Taipei Fubon Commercial Bank
                transport: PAPER
                acceptsElectronically: []
                paperFallback: true
              - code: NHIA
                kind: AGENCY
                name: 衛生福利部中央健康保險署
                nameEn: National Health Insurance Administration
                category: NHI
                certificates:
                  signing: parties/NHIA/signing.pem
                  encryption: parties/NHIA/encryption.pem
                  tlsClient: parties/NHIA/tls-client.pem
                transport: BROKER
                acceptsElectronically: [EXECUTION_CERTIFICATE]
                paperFallback: true
            """;

    private final String text;

    private SampleDirectory(String text) {
        this.text = text;
    }

    static SampleDirectory valid() {
        return new SampleDirectory(VALID);
    }

    /** Replaces text that must occur exactly once, so a test never silently tests the valid file. */
    SampleDirectory with(String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException("not exactly once in the sample: " + from);
        }
        return new SampleDirectory(text.replace(from, to));
    }

    SampleDirectory withVersion(int version) {
        return with("version: 3", "version: " + version);
    }

    String text() {
        return text;
    }

    Path writeTo(Path file) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FileSystemResource resourceIn(Path dir) {
        return new FileSystemResource(writeTo(dir.resolve("participants.yaml")));
    }
}
