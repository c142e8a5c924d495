package tw.gov.aee.gateway.participants;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The participants.yaml the gateway ships with. */
class ShippedDirectoryTest {

    private static ParticipantsDirectory directory;

    @BeforeAll
    static void load() {
        CertificateLocator noCertificatesNeeded = new CertificateLocator(Path.of("certs-sample"), file -> {
            throw new AssertionError("no certificate should be read without require-certificates");
        });
        directory = new ParticipantsDirectory(new ClassPathResource("participants.yaml"), noCertificatesNeeded, false);
    }

    @Test
    void listsAllThirteenBranchesByTheirCodes() {
        assertThat(directory.branches()).extracting(Participant::code).containsExactlyInAnyOrder(
                "TPE", "NTP", "SLN", "TYN", "HSC", "TXG", "CHW", "CYI", "TNN", "KHH", "PIF", "HUN", "ILA");
        assertThat(directory.require("TPE", PartyKind.BRANCH).name()).isEqualTo("臺北分署");
        assertThat(directory.require("ILA", PartyKind.BRANCH).nameEn()).isEqualTo("Yilan Branch");
    }

    @Test
    void listsBanksByTheirRealHeadOfficeCodes() {
        assertThat(directory.institutions()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(directory.institutions()).extracting(Participant::code)
                .contains("004", "005", "006", "007", "008", "009", "012", "013", "700")
                .allMatch(code -> code.matches("[0-9]{3}"));
        assertThat(directory.require("004", PartyKind.BANK).name()).isEqualTo("臺灣銀行");
        assertThat(directory.require("700", PartyKind.BANK).name()).isEqualTo("中華郵政");
    }

    @Test
    void mixesTheTransportsOfBanks() {
        assertThat(directory.require("004", PartyKind.BANK).transport()).isEqualTo(Transport.PUSH);
        assertThat(directory.require("005", PartyKind.BANK).transport()).isEqualTo(Transport.PULL);
        assertThat(directory.require("006", PartyKind.BANK).transport()).isEqualTo(Transport.BROKER);
        assertThat(directory.require("009", PartyKind.BANK).transport()).isEqualTo(Transport.FILE);
        Participant paperOnly = directory.require("012", PartyKind.BANK);
        assertThat(paperOnly.transport()).isEqualTo(Transport.PAPER);
        assertThat(paperOnly.paperFallback()).isTrue();
        assertThat(paperOnly.acceptsElectronically()).isEmpty();
    }

    @Test
    void pushesToLoopbackHttpsEndpointsOfTheSimulatedBanks() {
        assertThat(directory.require("004", PartyKind.BANK).endpoint())
                .hasToString("https://localhost:8543/banks/004/receiver");
        assertThat(directory.all()).filteredOn(p -> p.transport().needsEndpoint())
                .allSatisfy(p -> assertThat(p.endpoint().getScheme()).isEqualTo("https"));
        assertThat(directory.all()).filteredOn(p -> !p.transport().needsEndpoint())
                .allSatisfy(p -> assertThat(p.endpoint()).isNull());
    }

    @Test
    void hasAgenciesOfAllFourCategories() {
        for (AgencyCategory category : AgencyCategory.values()) {
            assertThat(directory.agencyFor(category)).as(category.name()).isNotEmpty();
        }
        assertThat(directory.agencyFor(AgencyCategory.TAX)).extracting(Participant::code)
                .containsExactly("NTBT", "NTBNA");
        assertThat(directory.require("NHIA", PartyKind.AGENCY).name()).isEqualTo("衛生福利部中央健康保險署");
    }

    @Test
    void givesEveryBranchADraftNumberRangeAndARevocationPolicy() {
        assertThat(directory.branches()).allSatisfy(branch -> {
            assertThat(branch.draftNumberRange()).isNotNull();
            assertThat(branch.draftNumberRange().size()).isPositive();
        });
        assertThat(directory.institutions()).allSatisfy(bank -> assertThat(bank.draftNumberRange()).isNull());
    }

    @Test
    void keepsDraftNumberRangesApartWithinAYear() {
        Map<Integer, List<NumberRange>> byYear = directory.branches().stream()
                .map(Participant::draftNumberRange)
                .collect(Collectors.groupingBy(NumberRange::rocYear));
        byYear.values().forEach(ranges -> {
            for (int i = 0; i < ranges.size(); i++) {
                for (int j = i + 1; j < ranges.size(); j++) {
                    assertThat(ranges.get(i).overlaps(ranges.get(j))).as(ranges.get(i) + " vs " + ranges.get(j)).isFalse();
                }
            }
        });
    }

    @Test
    void namesCertificatesInThePartysFolderOfTheSamplePki() {
        assertThat(directory.all()).filteredOn(p -> p.transport() != Transport.PAPER).allSatisfy(p -> {
            assertThat(p.certificates().signing()).isEqualTo("parties/" + p.code() + "/signing.pem");
            assertThat(p.certificates().tlsClient()).isEqualTo("parties/" + p.code() + "/tls-client.pem");
            if (p.isBranch()) {
                assertThat(p.certificates().encryption()).isNull();
            } else {
                assertThat(p.certificates().encryption()).isEqualTo("parties/" + p.code() + "/encryption.pem");
            }
        });
    }

    @Test
    void knowsBanksAsInstitutionsButNotOtherParties() {
        assertThat(directory.isKnownInstitution("004")).isTrue();
        assertThat(directory.isKnownInstitution("012")).as("paper-only banks still receive orders").isTrue();
        assertThat(directory.isKnownInstitution("999")).isFalse();
        assertThat(directory.isKnownInstitution("TPE")).isFalse();
        assertThat(directory.isKnownInstitution(null)).isFalse();
    }

    @Test
    void startsAtAPositiveVersionWithADate() {
        assertThat(directory.version()).isPositive();
        assertThat(directory.updated()).isNotNull();
    }
}
