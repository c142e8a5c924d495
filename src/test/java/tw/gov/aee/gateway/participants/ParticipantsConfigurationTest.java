package tw.gov.aee.gateway.participants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Spring wiring: properties with their defaults, and the scheduled reload. */
class ParticipantsConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ParticipantsConfiguration.class);

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedDirectoryWithDefaultProperties() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            ParticipantsProperties properties = ctx.getBean(ParticipantsProperties.class);
            assertThat(properties.location().getDescription()).contains("participants.yaml");
            assertThat(properties.reloadInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.pkiDirectory()).isEqualTo("certs-sample");
            assertThat(properties.requireCertificates()).isFalse();
            assertThat(ctx.getBean(ParticipantsDirectory.class).branches()).hasSize(13);
            assertThat(ctx.getBean(CertificateLocator.class).pkiDirectory().getFileName()).hasToString("certs-sample");
        });
    }

    @Test
    void reloadsAnEditedFileOnSchedule() throws Exception {
        Path file = SampleDirectory.valid().writeTo(dir.resolve("participants.yaml"));

        context.withPropertyValues("gateway.participants.location=file:" + file,
                        "gateway.participants.reload-interval=100ms",
                        "gateway.participants.pki-directory=" + dir)
                .run(ctx -> {
                    ParticipantsDirectory directory = ctx.getBean(ParticipantsDirectory.class);
                    assertThat(directory.version()).isEqualTo(3);

                    SampleDirectory.valid().withVersion(4).writeTo(file);
                    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

                    await().atMost(Duration.ofSeconds(10)).until(directory::version, v -> v == 4);
                });
    }

    @Test
    void refusesToStartWithAnInvalidFile() throws Exception {
        Path file = SampleDirectory.valid().with("kind: AGENCY", "kind: MINISTRY").writeTo(dir.resolve("participants.yaml"));

        context.withPropertyValues("gateway.participants.location=file:" + file)
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .isInstanceOf(DirectoryException.class)
                        .hasMessageContaining("party NHIA: kind:"));
    }

    @Test
    void refusesToStartWithABlankPkiDirectory() {
        context.withPropertyValues("gateway.participants.pki-directory= ")
                .run(ctx -> assertThat(ctx).hasFailed());
    }
}
