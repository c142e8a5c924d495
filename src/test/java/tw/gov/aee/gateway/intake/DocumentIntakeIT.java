package tw.gov.aee.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.gov.aee.gateway.GatewayIntegrationTest;
import org.springframework.jdbc.core.JdbcTemplate;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.dispatch.UnavailableSigningKeys;
import tw.gov.aee.gateway.documents.InvalidDocumentException;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DocumentTracking;
import tw.gov.aee.gateway.tracking.DocumentView;

/** Intake stores durably, answers idempotently, and seals every delivery (on acceptance, or in the signing stage). */
@GatewayIntegrationTest
class DocumentIntakeIT {

    @Autowired DocumentIntake intake;
    @Autowired DocumentTracking tracking;
    @Autowired JdbcTemplate jdbc;
    @Autowired KeyRing keys;
    @Autowired SignatureVerifier verifier;
    @Autowired CamelContext camel;

    static byte[] order(String number) throws Exception {
        return Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number).getBytes(StandardCharsets.UTF_8);
    }

    static String unique() {
        return "115" + String.format("%07d", (System.nanoTime() / 1000) % 10_000_000) + "A";
    }

    @Test
    void anOrderIsStoredWithOneDeliveryPerBankAndPerAgencyThenSealedForEachAndTheArchive() throws Exception {
        String number = unique();
        Submission s = intake.submit("TPE", order(number), BodyFormat.XML);
        assertThat(s.created()).isTrue();
        DocumentView v = tracking.find(s.id()).orElseThrow();
        assertThat(v.deliveries()).extracting(DocumentView.DeliveryView::recipient)
                .containsExactlyInAnyOrder("004", "005", "700", "NTBT", "NHIA");
        assertThat(v.deliveries()).filteredOn(d -> d.role().equals("COPY")).extracting(DocumentView.DeliveryView::recipient)
                .containsExactlyInAnyOrder("NTBT", "NHIA");
        assertThat(v.caseNumbers()).hasSize(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> tracking.find(s.id()).orElseThrow().deliveries().stream()
                .allMatch(d -> d.state().progress() >= DeliveryState.SIGNED.progress()));
        byte[] envelope = jdbc.queryForObject("SELECT envelope FROM delivery WHERE document_id = ? AND recipient = '004'",
                byte[].class, s.id());
        CmsEnvelope.Opened opened = CmsEnvelope.open(envelope, keys.archiveKey(), verifier, Instant.now());
        assertThat(opened.signer().getSubjectX500Principal().getName()).contains("CN=TPE");
        assertThat(new String(opened.document(), StandardCharsets.UTF_8)).contains(s.id().toString()).contains(number);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE document_id = ?", Integer.class,
                s.id().toString())).isGreaterThanOrEqualTo(11);
    }

    @Test
    void anOrderIsSealedAsItIsAcceptedEachDeliveryStoredSignedAndQueuedForItsTransportsStage() throws Exception {
        Submission s = intake.submit("TPE", order(unique()), BodyFormat.XML);
        // No waiting: what the intake transaction committed is already SIGNED, with its envelope.
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, recipient, transport, state, envelope,"
                + " envelope_sha256 FROM delivery WHERE document_id = ? ORDER BY id", s.id());
        assertThat(rows).hasSize(5);
        byte[] signed = jdbc.queryForObject("SELECT signed FROM document WHERE id = ?", byte[].class, s.id());
        assertThat(signed).isNotNull();
        for (Map<String, Object> d : rows) {
            long id = ((Number) d.get("id")).longValue();
            String transport = (String) d.get("transport");
            byte[] envelope = (byte[]) d.get("envelope");
            assertThat(d.get("state")).as("delivery to " + d.get("recipient")).isIn("SIGNED", "DISPATCHED", "DELIVERED",
                    "RECEIPTED", "ANSWERED");
            assertThat(d.get("envelope_sha256")).isEqualTo(CmsEnvelope.sha256Hex(envelope));
            CmsEnvelope.Opened opened = CmsEnvelope.open(envelope, keys.archiveKey(), verifier, Instant.now());
            assertThat(opened.signer().getSubjectX500Principal().getName()).contains("CN=TPE");
            assertThat(new String(opened.document(), StandardCharsets.UTF_8)).contains(s.id().toString());
            assertThat(jdbc.queryForList("SELECT state FROM delivery_event WHERE delivery_id = ? ORDER BY id", String.class,
                    id)).startsWith("ACCEPTED", "SIGNED");
            // Straight to the transport's stage, never through the signing stage; PULL waits in the mailbox.
            List<String> outbox = jdbc.queryForList("SELECT destination FROM outbox WHERE delivery_id = ?", String.class, id);
            assertThat(outbox).as("outbox of the " + transport + " delivery to " + d.get("recipient"))
                    .isEqualTo("PULL".equals(transport) ? List.of() : List.of(transport.toLowerCase(java.util.Locale.ROOT)));
        }
        assertThat(rows).extracting(d -> d.get("transport")).contains("PUSH");
    }

    @Test
    void aRevocationIsNotSealedOnAcceptanceTheLegalOrderGateDecidesInTheSigningStage() throws Exception {
        String orderNumber = unique();
        intake.submit("TPE", order(orderNumber), BodyFormat.XML);
        // To bank 005, which takes its documents from the mailbox (PULL): sealed on acceptance, it
        // would have no outbox message at all; unsealed, it goes to the signing stage.
        String revocation = Files.readString(Path.of("schemas/examples/valid/seizure-revocation.xml"))
                .replace("1100301152K", unique().replace('A', 'K')).replace("1100295393A", orderNumber)
                .replace("<recipient><code>700</code>", "<recipient><code>005</code>")
                .replaceAll("<documentId>[^<]*</documentId>", "");
        Submission r = intake.submit("TPE", revocation.getBytes(StandardCharsets.UTF_8), BodyFormat.XML);
        List<Map<String, Object>> outbox = jdbc.queryForList("SELECT o.destination, d.transport, d.recipient FROM outbox o"
                + " JOIN delivery d ON d.id = o.delivery_id WHERE d.document_id = ? ORDER BY o.id", r.id());
        assertThat(outbox).extracting(o -> o.get("recipient")).contains("005");
        assertThat(outbox).allSatisfy(o -> assertThat(o.get("destination")).as("outbox of the delivery to " + o.get("recipient"))
                .isEqualTo("PUSH".equals(o.get("transport")) ? "push" : "sign"));
    }

    @Test
    void aDocumentThatCannotBeSealedOnAcceptanceIsStillAcceptedAndTheStagesSealItOnceTheyCan() throws Exception {
        Submission s;
        // The signing stage waits meanwhile (it would take its sealer by name, not this test's).
        camel.getRouteController().stopRoute("sign-document");
        UnavailableSigningKeys.withdraw("TPE");
        try {
            s = intake.submit("TPE", order(unique()), BodyFormat.XML);
            assertThat(s.created()).isTrue();
            assertThat(jdbc.queryForList("SELECT state FROM delivery WHERE document_id = ?", String.class, s.id()))
                    .hasSize(5).containsOnly("ACCEPTED");
            assertThat(jdbc.queryForObject("SELECT signed FROM document WHERE id = ?", byte[].class, s.id())).isNull();
            assertThat(jdbc.queryForList("SELECT o.destination FROM outbox o JOIN delivery d ON d.id = o.delivery_id"
                    + " WHERE d.document_id = ?", String.class, s.id())).hasSize(5).containsOnly("push", "sign");
        } finally {
            UnavailableSigningKeys.restore("TPE");
            camel.getRouteController().startRoute("sign-document");
        }
        // The key is back: the stages seal every delivery (through the broker's redeliveries of any
        // attempt made meanwhile), with the document's one SignedData.
        await().atMost(Duration.ofSeconds(60)).until(() -> tracking.find(s.id()).orElseThrow().deliveries().stream()
                .allMatch(d -> d.state().progress() >= DeliveryState.SIGNED.progress()));
        byte[] envelope = jdbc.queryForObject("SELECT envelope FROM delivery WHERE document_id = ? AND recipient = '004'",
                byte[].class, s.id());
        CmsEnvelope.Opened opened = CmsEnvelope.open(envelope, keys.archiveKey(), verifier, Instant.now());
        assertThat(opened.signer().getSubjectX500Principal().getName()).contains("CN=TPE");
    }

    @Test
    void documentIdsAreTimeOrderedVersion7UuidsSoEachNewDocumentSortsAfterTheOnesBeforeIt() throws Exception {
        long before = Instant.now().toEpochMilli();
        Submission first = intake.submit("TPE", order(unique()), BodyFormat.XML);
        Submission second = intake.submit("TPE", order(unique()), BodyFormat.XML);
        long after = Instant.now().toEpochMilli();

        for (Submission s : List.of(first, second)) {
            assertThat(s.id().version()).as("UUID version of %s", s.id()).isEqualTo(7);
            assertThat(s.id().variant()).isEqualTo(2);
            long millis = s.id().getMostSignificantBits() >>> 16; // RFC 9562: unix_ts_ms in the first 48 bits
            assertThat(millis).isBetween(before, after);
        }
        // in the database's own order, which is what places rows in its indexes
        assertThat(jdbc.queryForList("SELECT id FROM document WHERE id IN (?, ?) ORDER BY id", UUID.class,
                first.id(), second.id())).containsExactly(first.id(), second.id());
        assertThat(jdbc.queryForList("SELECT document_id FROM audit_entry WHERE document_id IN (?, ?) ORDER BY"
                + " document_id, id", String.class, first.id().toString(), second.id().toString()).get(0))
                .isEqualTo(first.id().toString());
    }

    @Test
    void theSameDocumentAgainAnswersTheOriginalRecordAndStoresNothingNew() throws Exception {
        String number = unique();
        Submission first = intake.submit("TPE", order(number), BodyFormat.XML);
        Submission again = intake.submit("TPE", order(number), BodyFormat.XML);
        assertThat(again.created()).isFalse();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ?", Integer.class, first.id()))
                .isEqualTo(5);
    }

    @Test
    void theSameNumberWithOtherContentIsAConflict() throws Exception {
        String number = unique();
        intake.submit("TPE", order(number), BodyFormat.XML);
        byte[] changed = new String(order(number), StandardCharsets.UTF_8).replace("1294716", "1294715")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> intake.submit("TPE", changed, BodyFormat.XML)).isInstanceOf(GatewayException.class)
                .extracting(e -> ((GatewayException) e).error()).isEqualTo(GatewayError.DUPLICATE_CONFLICT);
    }

    @Test
    void aBranchCannotSubmitAsAnother() throws Exception {
        String number = unique();
        assertThatThrownBy(() -> intake.submit("NTP", order(number), BodyFormat.XML)).isInstanceOf(GatewayException.class)
                .extracting(e -> ((GatewayException) e).error()).isEqualTo(GatewayError.FORBIDDEN);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM document WHERE document_number = ?", Integer.class, number))
                .isZero();
    }

    @Test
    void aDocumentBreakingADomainRuleStoresNothing() throws Exception {
        String number = unique();
        byte[] badId = new String(order(number), StandardCharsets.UTF_8).replace("A123456789", "A123456788")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> intake.submit("TPE", badId, BodyFormat.XML)).isInstanceOf(InvalidDocumentException.class)
                .extracting(e -> ((InvalidDocumentException) e).error()).isEqualTo(GatewayError.INVALID_NATIONAL_ID);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM document WHERE document_number = ?", Integer.class, number))
                .isZero();
    }
}
