package tw.gov.aee.gateway.participants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/** Loading the directory file strictly: each broken variant of a valid file is refused with its own message. */
class DirectoryValidationTest {

    @TempDir
    Path dir;

    private ParticipantsDirectory load(SampleDirectory file) {
        CertificateLocator locator = new CertificateLocator(dir, path -> {
            throw new AssertionError("no certificate is read without require-certificates");
        });
        return new ParticipantsDirectory(file.resourceIn(dir), locator, false);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refusing(SampleDirectory file) {
        return assertThatThrownBy(() -> load(file))
                .isInstanceOf(DirectoryException.class)
                .satisfies(e -> assertThat(((GatewayException) e).error()).isEqualTo(GatewayError.DIRECTORY_INVALID))
                .hasMessageContaining(dir.resolve("participants.yaml").toString());
    }

    @Test
    void acceptsTheSampleFile() {
        ParticipantsDirectory directory = load(SampleDirectory.valid());

        assertThat(directory.version()).isEqualTo(3);
        assertThat(directory.all()).extracting(Participant::code).containsExactly("TPE", "KHH", "004", "012", "NHIA");
        Participant tpe = directory.require("TPE", PartyKind.BRANCH);
        assertThat(tpe.draftNumberRange()).isEqualTo(new NumberRange(114, 9_900_000, 9_909_999));
        assertThat(tpe.autoSendRevocations()).isTrue();
        assertThat(tpe.accepts(DocumentType.SEIZURE_REPLY)).isTrue();
        assertThat(tpe.accepts(DocumentType.ENFORCEMENT_ORDER)).isFalse();
        assertThat(directory.require("012", PartyKind.BANK).certificates()).isNull();
    }

    @Nested
    class RefusesAFileThat {

        @Test
        void isEmpty() {
            refusing(SampleDirectory.valid().with(SampleDirectory.VALID, "")).hasMessageContaining("the file is empty");
        }

        @Test
        void isNotYaml() {
            refusing(SampleDirectory.valid().with("parties:\n", "parties: [\n")).hasMessageContaining("not valid YAML: ");
        }

        @Test
        void repeatsAKey() {
            refusing(SampleDirectory.valid().with("    transport: PUSH\n", "    transport: PUSH\n    transport: PULL\n"))
                    .hasMessageContaining("Duplicate field 'transport'");
        }

        @Test
        void repeatsATopLevelKey() {
            refusing(SampleDirectory.valid().with("version: 3\n", "version: 3\nversion: 4\n"))
                    .hasMessageContaining("Duplicate field 'version'");
        }

        @Test
        void hasAnUnknownTopLevelField() {
            refusing(SampleDirectory.valid().with("version: 3\n", "version: 3\nowner: someone\n"))
                    .hasMessageContaining("unknown field 'owner'");
        }

        @Test
        void hasAnUnknownPartyField() {
            refusing(SampleDirectory.valid().with("    transport: PUSH\n", "    transprot: PUSH\n"))
                    .hasMessageContaining("party 004: unknown field 'transprot'");
        }

        @Test
        void hasAnUnknownNestedField() {
            refusing(SampleDirectory.valid().with("      encryption: parties/004/encryption.pem\n",
                    "      encryption: parties/004/encryption.pem\n      privateKey: parties/004/key.pem\n"))
                    .hasMessageContaining("party 004: unknown field 'certificates.privateKey'");
        }

        @Test
        void hasNoVersion() {
            refusing(SampleDirectory.valid().with("version: 3\n", "")).hasMessageContaining("version is missing");
        }

        @Test
        void hasAVersionThatIsNotAnInteger() {
            refusing(SampleDirectory.valid().with("version: 3\n", "version: \"3\"\n"))
                    .hasMessageContaining("version: Cannot coerce String value (\"3\")");
            refusing(SampleDirectory.valid().with("version: 3\n", "version: 3.5\n"))
                    .hasMessageContaining("version: Cannot coerce Floating-point value (3.5)");
        }

        @Test
        void hasAVersionBelowOne() {
            refusing(SampleDirectory.valid().withVersion(0)).hasMessageContaining("version must be a positive integer");
        }

        @Test
        void hasNoUpdatedDate() {
            refusing(SampleDirectory.valid().with("updated: 2025-11-26\n", "")).hasMessageContaining("updated is missing");
        }

        @Test
        void hasNoParties() {
            refusing(SampleDirectory.valid().with(SampleDirectory.VALID,
                    "version: 1\nupdated: 2025-11-26\nparties: []\n")).hasMessageContaining("parties is missing or empty");
        }

        @Test
        void holdsASecondYamlDocument() {
            refusing(SampleDirectory.valid().with("updated: 2025-11-26\n", "updated: 2025-11-26\n---\nversion: 9\n"))
                    .hasMessageContaining("Trailing token");
        }

        @Test
        void isLargerThanAnyRealDirectory() {
            String padding = "# " + "x".repeat(DirectoryReader.MAX_FILE_BYTES) + "\n";
            refusing(SampleDirectory.valid().with("version: 3\n", padding + "version: 3\n"))
                    .hasMessageContaining("larger than");
        }

        @Test
        void listsEveryProblemAtOnce() {
            assertThatThrownBy(() -> load(SampleDirectory.valid()
                    .with("    transport: PUSH\n", "    transport: PULL\n")
                    .with("    category: NHI\n", "")))
                    .isInstanceOfSatisfying(DirectoryException.class, e -> assertThat(e.problems()).containsExactly(
                            "party 004: endpoint is only for PUSH and WEBHOOK, not PULL",
                            "party NHIA: category is missing (every agency needs one)"));
        }
    }

    @Nested
    class RefusesAParty {

        @Test
        void withoutCode() {
            refusing(SampleDirectory.valid().with("  - code: KHH\n", "  - nameShort: x\n"))
                    .hasMessageContaining("party parties[1]: unknown field 'nameShort'");
            refusing(SampleDirectory.valid().with("  - code: KHH\n    kind: BRANCH\n", "  - kind: BRANCH\n"))
                    .hasMessageContaining("party parties[1]: code is missing");
        }

        @Test
        void whoseCodeBreaksThePattern() {
            refusing(SampleDirectory.valid().with("code: KHH", "code: khh"))
                    .hasMessageContaining("code must be 3-8 capital letters or digits, was 'khh'");
            refusing(SampleDirectory.valid().with("code: KHH", "code: KHH/../x"))
                    .hasMessageContaining("was 'KHH/../x'");
            refusing(SampleDirectory.valid().with("code: KHH", "code: ＫＨＨ"))
                    .hasMessageContaining("was '\\uff2b\\uff28\\uff28'");
        }

        @Test
        void whoseBankCodeIsNotThreeDigits() {
            refusing(SampleDirectory.valid().with("code: \"004\"", "code: \"0040\""))
                    .hasMessageContaining("code of a bank must be its 3-digit head-office code, was '0040'");
        }

        @Test
        void whoseBankCodeIsAnUnquotedNumber() {
            // YAML reads 004 as the number 4; it must never become the code "4"
            refusing(SampleDirectory.valid().with("code: \"004\"", "code: 004"))
                    .hasMessageContaining("party parties[2]: code: Cannot coerce Integer value (4)")
                    .hasMessageContaining("write codes in quotes");
        }

        @Test
        void listedTwice() {
            refusing(SampleDirectory.valid().with("code: KHH", "code: TPE").with("from: 9990000, to: 9999999", "from: 1, to: 2"))
                    .hasMessageContaining("party TPE: code is listed twice");
        }

        @Test
        void withoutName() {
            refusing(SampleDirectory.valid().with("    name: 高雄分署\n", "")).hasMessageContaining("party KHH: name is missing");
            refusing(SampleDirectory.valid().with("    nameEn: Kaohsiung Branch\n", "    nameEn: \"  \"\n"))
                    .hasMessageContaining("party KHH: nameEn is missing");
        }

        @Test
        void whoseNameHoldsAControlCharacter() {
            refusing(SampleDirectory.valid().with("name: 高雄分署", "name: \"高雄\\n分署\""))
                    .hasMessageContaining("party KHH: name must not hold control characters");
        }

        @Test
        void withAnUnknownKind() {
            refusing(SampleDirectory.valid().with("kind: AGENCY", "kind: MINISTRY"))
                    .hasMessageContaining("party NHIA: kind: ").hasMessageContaining("MINISTRY");
        }

        @Test
        void withAKindInLowerCase() {
            refusing(SampleDirectory.valid().with("kind: AGENCY", "kind: agency")).hasMessageContaining("party NHIA: kind: ");
        }

        @Test
        void whenAnAgencyHasNoCategory() {
            refusing(SampleDirectory.valid().with("    category: NHI\n", ""))
                    .hasMessageContaining("party NHIA: category is missing (every agency needs one)");
        }

        @Test
        void whenABankHasACategory() {
            refusing(SampleDirectory.valid().with("    kind: BANK\n    name: 臺灣銀行\n", "    kind: BANK\n    category: TAX\n    name: 臺灣銀行\n"))
                    .hasMessageContaining("party 004: category is only for agencies");
        }

        @Test
        void whenAPushPartyHasNoEndpoint() {
            refusing(SampleDirectory.valid().with("    endpoint: https://localhost:8543/banks/004/receiver\n", ""))
                    .hasMessageContaining("party 004: endpoint is missing (transport PUSH needs an https URL)");
        }

        @Test
        void whenAWebhookBranchHasNoEndpoint() {
            refusing(SampleDirectory.valid().with("    endpoint: https://localhost:8543/branches/TPE/replies\n", ""))
                    .hasMessageContaining("party TPE: endpoint is missing (transport WEBHOOK needs an https URL)");
        }

        @Test
        void whoseEndpointIsNotHttps() {
            refusing(SampleDirectory.valid().with("https://localhost:8543/banks/004/receiver", "http://localhost:8543/banks/004/receiver"))
                    .hasMessageContaining("party 004: endpoint must be an https URL, was 'http://localhost:8543/banks/004/receiver'");
            refusing(SampleDirectory.valid().with("https://localhost:8543/banks/004/receiver", "file:///etc/passwd"))
                    .hasMessageContaining("party 004: endpoint must be an https URL");
        }

        @Test
        void whoseEndpointCarriesCredentials() {
            refusing(SampleDirectory.valid().with("https://localhost:8543/banks/004/receiver", "https://bank:secret@localhost:8543/x"))
                    .hasMessageContaining("party 004: endpoint must not carry credentials")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        }

        @Test
        void withAnEndpointItDoesNotUse() {
            refusing(SampleDirectory.valid().with("    transport: BROKER\n", "    transport: BROKER\n    endpoint: https://localhost/x\n"))
                    .hasMessageContaining("party NHIA: endpoint is only for PUSH and WEBHOOK, not BROKER");
        }

        @Test
        void whoseTransportDoesNotSuitItsKind() {
            refusing(SampleDirectory.valid().with("transport: POLLING", "transport: PULL"))
                    .hasMessageContaining("party KHH: transport PULL is not available to a branch (allowed: BROKER, WEBHOOK, POLLING)");
            refusing(SampleDirectory.valid().with("transport: BROKER", "transport: WEBHOOK"))
                    .hasMessageContaining("party NHIA: transport WEBHOOK is not available to a agency");
        }

        @Test
        void withAnUnknownDocumentType() {
            refusing(SampleDirectory.valid().with("[EXECUTION_CERTIFICATE]", "[EXECUTION_CERTIFICATE, LOVE_LETTER]"))
                    .hasMessageContaining("party NHIA: acceptsElectronically[1]: ").hasMessageContaining("LOVE_LETTER");
        }

        @Test
        void listingADocumentTypeTwice() {
            refusing(SampleDirectory.valid().with("[EXECUTION_CERTIFICATE]", "[EXECUTION_CERTIFICATE, EXECUTION_CERTIFICATE]"))
                    .hasMessageContaining("party NHIA: acceptsElectronically lists a document type twice");
        }

        @Test
        void withoutAcceptedDocumentTypes() {
            refusing(SampleDirectory.valid().with("    acceptsElectronically: [EXECUTION_CERTIFICATE]\n", ""))
                    .hasMessageContaining("party NHIA: acceptsElectronically is missing");
            refusing(SampleDirectory.valid().with("[EXECUTION_CERTIFICATE]", "[]"))
                    .hasMessageContaining("party NHIA: acceptsElectronically is empty; a party that takes nothing electronically uses transport PAPER");
        }

        @Test
        void onPaperThatAcceptsDocumentsElectronically() {
            refusing(SampleDirectory.valid().with("    acceptsElectronically: []\n", "    acceptsElectronically: [ENFORCEMENT_ORDER]\n"))
                    .hasMessageContaining("party 012: acceptsElectronically must be empty for transport PAPER");
        }

        @Test
        void onPaperWithoutPaperFallback() {
            refusing(SampleDirectory.valid().with("    acceptsElectronically: []\n    paperFallback: true\n",
                    "    acceptsElectronically: []\n    paperFallback: false\n"))
                    .hasMessageContaining("party 012: paperFallback must be true for transport PAPER");
        }

        @Test
        void withoutPaperFallback() {
            refusing(SampleDirectory.valid().with("    acceptsElectronically: []\n    paperFallback: true\n",
                    "    acceptsElectronically: []\n"))
                    .hasMessageContaining("party 012: paperFallback is missing");
        }

        @Test
        void whosePaperFallbackIsAWordNotABoolean() {
            refusing(SampleDirectory.valid().with("    acceptsElectronically: []\n    paperFallback: true\n",
                    "    acceptsElectronically: []\n    paperFallback: \"true\"\n"))
                    .hasMessageContaining("party 012: paperFallback: Cannot coerce String value (\"true\")");
            refusing(SampleDirectory.valid().with("    acceptsElectronically: []\n    paperFallback: true\n",
                    "    acceptsElectronically: []\n    paperFallback: yes\n"))
                    .hasMessageContaining("party 012: paperFallback: Cannot coerce String value (\"yes\")");
        }
    }

    @Nested
    class RefusesCertificatePaths {

        @Test
        void thatAreMissing() {
            refusing(SampleDirectory.valid().with("      signing: parties/004/signing.pem\n", ""))
                    .hasMessageContaining("party 004: certificates.signing is missing");
            refusing(SampleDirectory.valid().with("      tlsClient: parties/KHH/tls-client.pem\n", ""))
                    .hasMessageContaining("party KHH: certificates.tlsClient is missing");
        }

        @Test
        void withoutAnEncryptionCertificateForABankOrAgency() {
            refusing(SampleDirectory.valid().with("      encryption: parties/NHIA/encryption.pem\n", ""))
                    .hasMessageContaining("party NHIA: certificates.encryption is missing");
        }

        @Test
        void whenAnElectronicPartyHasNone() {
            refusing(SampleDirectory.valid().with("""
                        certificates:
                          signing: parties/KHH/signing.pem
                          tlsClient: parties/KHH/tls-client.pem
                    """, "")).hasMessageContaining("party KHH: certificates is missing");
        }

        @Test
        void thatLeaveThePkiFolder() {
            refusing(SampleDirectory.valid().with("parties/004/signing.pem", "../../etc/ssl/signing.pem"))
                    .hasMessageContaining("party 004: certificates.signing must be a .pem path relative to the PKI folder, without '..'");
            refusing(SampleDirectory.valid().with("parties/004/signing.pem", "parties/../../signing.pem"))
                    .hasMessageContaining("party 004: certificates.signing must be a .pem path");
        }

        @Test
        void thatAreAbsolute() {
            refusing(SampleDirectory.valid().with("parties/004/signing.pem", "/etc/ssl/signing.pem"))
                    .hasMessageContaining("party 004: certificates.signing must be a .pem path relative to the PKI folder");
        }

        @Test
        void thatAreNotPem() {
            refusing(SampleDirectory.valid().with("parties/004/signing.pem", "parties/004/signing.p12"))
                    .hasMessageContaining("party 004: certificates.signing must be a .pem path");
        }
    }

    @Nested
    class RefusesDraftNumberRanges {

        @Test
        void missingForABranch() {
            refusing(SampleDirectory.valid().with("    draftNumberRange: { rocYear: 114, from: 9990000, to: 9999999 }\n", ""))
                    .hasMessageContaining("party KHH: draftNumberRange is missing (every branch needs one)");
        }

        @Test
        void missingAnEnd() {
            refusing(SampleDirectory.valid().with("from: 9990000, to: 9999999", "from: 9990000"))
                    .hasMessageContaining("party KHH: draftNumberRange needs rocYear, from and to");
        }

        @Test
        void whoseFromExceedsTo() {
            refusing(SampleDirectory.valid().with("from: 9990000, to: 9999999", "from: 9999999, to: 9990000"))
                    .hasMessageContaining("party KHH: draftNumberRange: from 9999999 is greater than to 9990000");
        }

        @Test
        void beyondSevenDigits() {
            refusing(SampleDirectory.valid().with("from: 9990000, to: 9999999", "from: 9990000, to: 10000000"))
                    .hasMessageContaining("party KHH: draftNumberRange: from and to must lie in 1-9999999");
        }

        @Test
        void beyondThreeDigitYears() {
            refusing(SampleDirectory.valid().with("rocYear: 114, from: 9990000", "rocYear: 2025, from: 9990000"))
                    .hasMessageContaining("party KHH: draftNumberRange: rocYear must be 1-999, was 2025");
        }

        @Test
        void thatOverlapWithinAYear() {
            refusing(SampleDirectory.valid().with("from: 9990000, to: 9999999", "from: 9909999, to: 9999999"))
                    .hasMessageContaining("party KHH: draftNumberRange 114:9909999-9999999 overlaps TPE's 114:9900000-9909999");
        }

        @Test
        void onAPartyThatIsNotABranch() {
            refusing(SampleDirectory.valid().with("    category: NHI\n", "    category: NHI\n    draftNumberRange: { rocYear: 114, from: 1, to: 2 }\n"))
                    .hasMessageContaining("party NHIA: draftNumberRange is only for branches");
        }

        @Test
        void withoutARevocationPolicy() {
            refusing(SampleDirectory.valid().with("    autoSendRevocations: false\n", ""))
                    .hasMessageContaining("party KHH: autoSendRevocations is missing (every branch needs one)");
        }

        @Test
        void withARevocationPolicyOnABank() {
            refusing(SampleDirectory.valid().with("    kind: BANK\n    name: 臺灣銀行\n", "    kind: BANK\n    autoSendRevocations: true\n    name: 臺灣銀行\n"))
                    .hasMessageContaining("party 004: autoSendRevocations is only for branches");
        }
    }

    @Test
    void acceptsRangesOfDifferentYearsThatShareSerials() {
        ParticipantsDirectory directory = load(SampleDirectory.valid()
                .with("rocYear: 114, from: 9990000, to: 9999999", "rocYear: 115, from: 9900000, to: 9909999"));

        assertThat(directory.require("KHH", PartyKind.BRANCH).draftNumberRange().rocYear()).isEqualTo(115);
    }
}
