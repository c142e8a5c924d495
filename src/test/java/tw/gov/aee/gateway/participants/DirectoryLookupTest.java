package tw.gov.aee.gateway.participants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tw.gov.aee.gateway.GatewayError;

/** Looking parties up by code and kind. */
class DirectoryLookupTest {

    @TempDir
    Path dir;

    private ParticipantsDirectory directory;

    @BeforeEach
    void load() {
        directory = new ParticipantsDirectory(SampleDirectory.valid().resourceIn(dir),
                new CertificateLocator(dir, path -> { throw new AssertionError("not needed"); }), false);
    }

    @Test
    void findsAPartyByCode() {
        assertThat(directory.find("004")).hasValueSatisfying(p -> assertThat(p.nameEn()).isEqualTo("Bank of Taiwan"));
        assertThat(directory.find("999")).isEmpty();
        assertThat(directory.find(null)).isEmpty();
    }

    @Test
    void listsPartiesByKindInFileOrder() {
        assertThat(directory.branches()).extracting(Participant::code).containsExactly("TPE", "KHH");
        assertThat(directory.institutions()).extracting(Participant::code).containsExactly("004", "012");
        assertThat(directory.agencies()).extracting(Participant::code).containsExactly("NHIA");
    }

    @Test
    void listsAgenciesByCategory() {
        assertThat(directory.agencyFor(AgencyCategory.NHI)).extracting(Participant::code).containsExactly("NHIA");
        assertThat(directory.agencyFor(AgencyCategory.TAX)).isEmpty();
    }

    @Test
    void requiresAPartyOfTheRightKind() {
        assertThat(directory.require("NHIA", PartyKind.AGENCY).category()).isEqualTo(AgencyCategory.NHI);
    }

    @Test
    void knowsInstitutionsByHeadOfficeCode() {
        assertThat(directory.isKnownInstitution("004")).isTrue();
        assertThat(directory.isKnownInstitution("005")).isFalse();
        assertThat(directory.isKnownInstitution("NHIA")).isFalse();
    }

    @Test
    void handsOutImmutableLists() {
        assertThatThrownBy(() -> directory.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> directory.require("TPE", PartyKind.BRANCH).acceptsElectronically().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Nested
    class RefusesToRequire {

        @Test
        void anUnknownCode() {
            assertThatThrownBy(() -> directory.require("999", PartyKind.BANK))
                    .isInstanceOfSatisfying(UnknownPartyException.class, e -> assertThat(e.error()).isEqualTo(GatewayError.UNKNOWN_PARTY))
                    .hasMessage("No bank '999' in the participants directory");
        }

        @Test
        void aPartyOfAnotherKind() {
            assertThatThrownBy(() -> directory.require("TPE", PartyKind.BANK))
                    .isInstanceOf(UnknownPartyException.class)
                    .hasMessage("No bank 'TPE' in the participants directory");
        }

        @Test
        void aHostileCodeWithoutEchoingIt() {
            String hostile = "TPE\n2025-11-26 INFO forged log line " + "x".repeat(500);

            assertThatThrownBy(() -> directory.require(hostile, PartyKind.BRANCH))
                    .isInstanceOf(UnknownPartyException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(120));
        }

        @Test
        void aNullCode() {
            assertThatThrownBy(() -> directory.require(null, PartyKind.AGENCY))
                    .isInstanceOf(UnknownPartyException.class).hasMessage("No agency null in the participants directory");
        }
    }
}
