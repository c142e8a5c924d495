package tw.gov.aee.gateway.participants;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;

import tw.gov.aee.gateway.GatewayError;

/** Reloading the directory at runtime: only a valid file with a higher version replaces the one in force. */
class DirectoryReloadTest {

    @TempDir
    Path dir;

    private Path file;
    private ParticipantsDirectory directory;

    @BeforeEach
    void loadVersionThree() {
        file = dir.resolve("participants.yaml");
        directory = new ParticipantsDirectory(SampleDirectory.valid().resourceIn(dir),
                new CertificateLocator(dir, path -> { throw new AssertionError("not needed"); }), false);
    }

    private void write(SampleDirectory content) throws IOException {
        content.writeTo(file);
        // a later mtime, whatever the file system's clock granularity
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    }

    @Test
    void swapsToANewerValidVersion() throws IOException {
        DirectorySnapshot before = directory.snapshot();
        write(SampleDirectory.valid().withVersion(4).with("name: 高雄分署", "name: 高雄分署(新)"));

        ReloadOutcome outcome = directory.reload();

        assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.LOADED);
        assertThat(outcome.versionInForce()).isEqualTo(4);
        assertThat(directory.version()).isEqualTo(4);
        assertThat(directory.require("KHH", PartyKind.BRANCH).name()).isEqualTo("高雄分署(新)");
        assertThat(before.version()).as("a snapshot taken earlier does not change").isEqualTo(3);
        assertThat(before.require("KHH", PartyKind.BRANCH).name()).isEqualTo("高雄分署");
    }

    @Test
    void picksUpAChangedFileByItsLastModifiedTime() throws IOException {
        assertThat(directory.reloadIfModified()).as("nothing changed yet").isEmpty();
        write(SampleDirectory.valid().withVersion(5));

        assertThat(directory.reloadIfModified()).hasValueSatisfying(outcome ->
                assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.LOADED));
        assertThat(directory.version()).isEqualTo(5);
        assertThat(directory.reloadIfModified()).as("checked once per change").isEmpty();
    }

    @Test
    void leavesAnUntouchedFileAlone() throws IOException {
        write(SampleDirectory.valid());

        assertThat(directory.reload().status()).isEqualTo(ReloadOutcome.Status.UNCHANGED);
        assertThat(directory.version()).isEqualTo(3);
    }

    @Test
    void ignoresAClasspathLocationInsideAJarForChangeChecks() {
        // a classpath resource in target/classes is still a file; one in a jar is not: both are safe to check
        ParticipantsDirectory shipped = new ParticipantsDirectory(new ClassPathResource("participants.yaml"),
                new CertificateLocator(dir, path -> { throw new AssertionError("not needed"); }), false);

        assertThat(shipped.reloadIfModified()).isEmpty();
    }

    @Nested
    class KeepsTheVersionInForce {

        @Test
        void whenTheNewFileIsInvalid() throws IOException {
            write(SampleDirectory.valid().withVersion(4).with("https://localhost:8543/banks/004/receiver", "http://evil.example/"));

            ReloadOutcome outcome = directory.reload();

            assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.REFUSED);
            assertThat(outcome.versionInForce()).isEqualTo(3);
            assertThat(outcome.problemIfAny()).hasValueSatisfying(problem -> {
                assertThat(problem.error()).isEqualTo(GatewayError.DIRECTORY_INVALID);
                assertThat(problem).hasMessageContaining("party 004: endpoint must be an https URL");
            });
            assertThat(directory.version()).isEqualTo(3);
            assertThat(directory.require("004", PartyKind.BANK).endpoint()).hasToString("https://localhost:8543/banks/004/receiver");
        }

        @Test
        void whenTheNewFileIsHalfWritten() throws IOException {
            String half = SampleDirectory.VALID.substring(0, SampleDirectory.VALID.length() / 2);
            write(SampleDirectory.valid().with(SampleDirectory.VALID, half.replace("version: 3", "version: 4")));

            assertThat(directory.reloadIfModified()).hasValueSatisfying(outcome ->
                    assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.REFUSED));
            assertThat(directory.version()).isEqualTo(3);
            assertThat(directory.all()).hasSize(5);
        }

        @Test
        void whenTheFileIsGone() throws IOException {
            Files.delete(file);

            assertThat(directory.reload().status()).isEqualTo(ReloadOutcome.Status.REFUSED);
            assertThat(directory.reloadIfModified()).isEmpty();
            assertThat(directory.version()).isEqualTo(3);
        }

        @Test
        void whenTheVersionGoesBackwards() throws IOException {
            write(SampleDirectory.valid().withVersion(2));

            ReloadOutcome outcome = directory.reload();

            assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.REFUSED);
            assertThat(outcome.problem()).hasMessageContaining("version 2 is lower than version 3 in force");
            assertThat(directory.version()).isEqualTo(3);
        }

        @Test
        void whenTheContentChangesWithoutANewVersion() throws IOException {
            write(SampleDirectory.valid().with("autoSendRevocations: true", "autoSendRevocations: false"));

            ReloadOutcome outcome = directory.reload();

            assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.REFUSED);
            assertThat(outcome.problem()).hasMessageContaining("the content changed but version 3 was not increased");
            assertThat(directory.require("TPE", PartyKind.BRANCH).autoSendRevocations()).isTrue();
        }

        @Test
        void andStillTakesALaterValidFile() throws IOException {
            write(SampleDirectory.valid().withVersion(2));
            directory.reload();
            write(SampleDirectory.valid().withVersion(7));

            assertThat(directory.reload().status()).isEqualTo(ReloadOutcome.Status.LOADED);
            assertThat(directory.version()).isEqualTo(7);
        }
    }
}
