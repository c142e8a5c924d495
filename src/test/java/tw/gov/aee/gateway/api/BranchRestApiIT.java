package tw.gov.aee.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.documents.InvalidDocumentException;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.Submission;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DocumentView;

/** The branch REST API over real mutual TLS, intake and tracking replaced by doubles. */
class BranchRestApiIT extends ApiITSupport {

    static final String DOCUMENTS = "/api/v1/documents";
    static final String XML = "application/xml";
    static final UUID ID = UUID.fromString("0b9f1c4e-7a51-4a53-9d5f-2f7f7b7c6a11");

    static byte[] seizureOrder() throws Exception {
        return Files.readAllBytes(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"));
    }

    static Submission accepted(boolean created) {
        return new Submission(ID, "1100295393A", "EnforcementOrder", DeliveryState.ACCEPTED, created);
    }

    static DocumentView view(String branch) {
        return new DocumentView(ID, branch, "1100295393A", "EnforcementOrder", "SEIZURE",
                "108年公退罰執特專字第00092475號", List.of("108年公退罰執特專字第00092475號"), DeliveryState.ACCEPTED,
                Instant.parse("2025-11-26T01:02:03Z"), List.of());
    }

    static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json(r);
        assertThat(problem.path("type").asText()).isEqualTo("urn:tw:gov:aee:gateway:error:" + code);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("problems").isArray()).isTrue();
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
    }

    @Nested
    class Authentication {

        @Test
        void refusesTheApiWithoutAClientCertificate() throws Exception {
            assertProblem(get(null, DOCUMENTS + "/" + ID), 401, "unauthenticated");
            assertThat(lastAuditEntry()).containsEntry("actor", "anonymous").containsEntry("error_code", "unauthenticated");
        }

        @Test
        void leavesHealthAndTheOpenApiDocumentOpen() throws Exception {
            assertThat(get(null, "/actuator/health").statusCode()).isEqualTo(200);
            HttpResponse<String> docs = get(null, "/v3/api-docs");
            assertThat(docs.statusCode()).isEqualTo(200);
            JsonNode paths = json(docs).path("paths");
            assertThat(paths.has("/api/v1/documents")).isTrue();
            assertThat(paths.has("/api/v1/batches")).isTrue();
            assertThat(paths.has("/api/v1/cases/{caseNumber}")).isTrue();
            JsonNode submit = paths.path("/api/v1/documents").path("post");
            assertThat(submit.path("requestBody").path("content").has("application/xml")).isTrue();
            assertThat(submit.path("requestBody").path("content").has("application/json")).isTrue();
            assertThat(submit.path("responses").has("422")).isTrue();
            assertThat(submit.path("responses").path("422").path("content").has("application/problem+json")).isTrue();
        }

        @Test
        void refusesABankOnTheBranchApi() throws Exception {
            assertProblem(post("004", DOCUMENTS, XML, seizureOrder()), 403, "forbidden");
            verify(intake, never()).submit(any(), any(), any());
        }
    }

    @Nested
    class Submitting {

        @Test
        void acceptsADocumentWith202AndItsLocation() throws Exception {
            when(intake.submit(eq("TPE"), any(), eq(BodyFormat.XML))).thenReturn(accepted(true));
            byte[] order = seizureOrder();

            HttpResponse<String> r = post("TPE", DOCUMENTS, XML, order);

            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.headers().firstValue("Location")).hasValueSatisfying(
                    l -> assertThat(l).endsWith("/api/v1/documents/" + ID));
            JsonNode body = json(r);
            assertThat(body.path("id").asText()).isEqualTo(ID.toString());
            assertThat(body.path("documentNumber").asText()).isEqualTo("1100295393A");
            assertThat(body.path("documentType").asText()).isEqualTo("EnforcementOrder");
            assertThat(body.path("state").asText()).isEqualTo("ACCEPTED");
            assertThat(body.path("links").path("self").asText()).isEqualTo("/api/v1/documents/" + ID);
            verify(intake).submit(eq("TPE"), argThat(b -> Arrays.equals(b, order)), eq(BodyFormat.XML));
        }

        @Test
        void passesTheJsonFormAsJson() throws Exception {
            when(intake.submit(eq("TPE"), any(), eq(BodyFormat.JSON))).thenReturn(accepted(true));
            assertThat(post("TPE", DOCUMENTS, "application/json", "{\"EnforcementOrder\":{}}".getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(202);
        }

        @Test
        void answersAnIdenticalResubmissionWith200AndTheOriginalRecord() throws Exception {
            when(intake.submit(eq("TPE"), any(), eq(BodyFormat.XML))).thenReturn(accepted(false));
            HttpResponse<String> r = post("TPE", DOCUMENTS, XML, seizureOrder());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("id").asText()).isEqualTo(ID.toString());
        }

        @Test
        void listsEveryProblemOfAnInvalidDocument() throws Exception {
            when(intake.submit(eq("TPE"), any(), any())).thenThrow(new InvalidDocumentException(GatewayError.SCHEMA_INVALID,
                    "The document does not conform to its schema", List.of("3:14 first problem", "9:2 second problem")));

            HttpResponse<String> r = post("TPE", DOCUMENTS, XML, seizureOrder());

            assertProblem(r, 422, "schema-invalid");
            assertThat(json(r).path("problems")).extracting(JsonNode::asText)
                    .containsExactly("3:14 first problem", "9:2 second problem");
            assertThat(lastAuditEntry()).containsEntry("actor", "TPE").containsEntry("action", "submission-rejected")
                    .containsEntry("error_code", "schema-invalid");
            assertThat((String) lastAuditEntry().get("digest")).hasSize(64);
        }

        @Test
        void refusesADocumentIssuedByAnotherBranch() throws Exception {
            when(intake.submit(any(), any(), any())).thenThrow(new GatewayException(GatewayError.FORBIDDEN, "issued by NTP"));
            assertProblem(post("TPE", DOCUMENTS, XML, seizureOrder()), 403, "forbidden");
        }

        @Test
        void refusesADocumentNumberReusedWithOtherContent() throws Exception {
            when(intake.submit(any(), any(), any())).thenThrow(new GatewayException(GatewayError.DUPLICATE_CONFLICT, "used"));
            assertProblem(post("TPE", DOCUMENTS, XML, seizureOrder()), 409, "duplicate-conflict");
        }

        @Test
        void refusesOtherMediaTypes() throws Exception {
            assertProblem(post("TPE", DOCUMENTS, "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415,
                    "unsupported-media-type");
            verify(intake, never()).submit(any(), any(), any());
        }

        @Test
        void refusesABodyOverOneMebibyteWithoutPassingItOn() throws Exception {
            byte[] big = new byte[2 * 1024 * 1024];
            Arrays.fill(big, (byte) ' ');
            assertProblem(post("TPE", DOCUMENTS, XML, big), 413, "input-too-large");
            verify(intake, never()).submit(any(), any(), any());
        }

        @Test
        void answersAFailureOnOurSideWithACorrelationIdOnly() throws Exception {
            when(intake.submit(any(), any(), any())).thenThrow(new IllegalStateException("secret internals A123456789"));
            HttpResponse<String> r = post("TPE", DOCUMENTS, XML, seizureOrder());
            assertProblem(r, 500, "internal");
            assertThat(r.body()).doesNotContain("secret", "A123456789");
            assertThat(json(r).path("correlationId").asText()).isNotBlank();
        }
    }

    @Nested
    class Batches {

        @Test
        void answersEachDocumentOnItsOwn() throws Exception {
            String good = "{\"EnforcementOrder\":{\"n\":1}}";
            String bad = "{\"EnforcementOrder\":{\"n\":1.5, \"n\":2}}";
            when(intake.submit(eq("TPE"), any(), eq(BodyFormat.JSON))).thenAnswer(call -> {
                String item = new String((byte[]) call.getArgument(1), StandardCharsets.UTF_8);
                if (item.equals(good)) {
                    return accepted(true);
                }
                throw new InvalidDocumentException(GatewayError.JSON_INVALID, "bad", List.of("duplicate n", "fraction"));
            });

            HttpResponse<String> r = post("TPE", "/api/v1/batches", "application/json",
                    ("{\"documents\": [" + good + ",\n  " + bad + "]}").getBytes(StandardCharsets.UTF_8));

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode results = json(r).path("results");
            assertThat(results).hasSize(2);
            assertThat(results.get(0).path("index").asInt()).isZero();
            assertThat(results.get(0).path("status").asInt()).isEqualTo(202);
            assertThat(results.get(0).path("id").asText()).isEqualTo(ID.toString());
            assertThat(results.get(1).path("index").asInt()).isEqualTo(1);
            assertThat(results.get(1).path("status").asInt()).isEqualTo(422);
            assertThat(results.get(1).path("problem").path("type").asText())
                    .isEqualTo("urn:tw:gov:aee:gateway:error:json-invalid");
            assertThat(results.get(1).path("problem").path("problems")).hasSize(2);
        }

        @Test
        void submitsNothingFromAnUnreadableBatch() throws Exception {
            for (String batch : List.of("not json", "{\"documents\": [{\"EnforcementOrder\":{}}", "{\"docs\": []}",
                    "{\"documents\": {}}", "{\"documents\": [{}]} trailing")) {
                assertProblem(post("TPE", "/api/v1/batches", "application/json", batch.getBytes(StandardCharsets.UTF_8)),
                        400, "malformed-input");
            }
            verify(intake, never()).submit(any(), any(), any());
        }

        @Test
        void refusesMoreThanFiveHundredDocuments() throws Exception {
            String batch = "{\"documents\": [" + String.join(",", java.util.Collections.nCopies(501, "{}")) + "]}";
            assertProblem(post("TPE", "/api/v1/batches", "application/json", batch.getBytes(StandardCharsets.UTF_8)),
                    400, "malformed-input");
            verify(intake, never()).submit(any(), any(), any());
        }
    }

    @Nested
    class Reading {

        @Test
        void showsTheCallersOwnDocument() throws Exception {
            when(tracking.find(ID)).thenReturn(Optional.of(view("TPE")));
            HttpResponse<String> r = get("TPE", DOCUMENTS + "/" + ID);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("documentNumber").asText()).isEqualTo("1100295393A");
            assertThat(json(r).path("acceptedAt").asText()).isEqualTo("2025-11-26T01:02:03Z");
        }

        @Test
        void refusesAnotherBranchsDocument() throws Exception {
            when(tracking.find(ID)).thenReturn(Optional.of(view("NTP")));
            assertProblem(get("TPE", DOCUMENTS + "/" + ID), 403, "forbidden");
        }

        @Test
        void answers404ForAnUnknownOrMalformedId() throws Exception {
            when(tracking.find(any())).thenReturn(Optional.empty());
            assertProblem(get("TPE", DOCUMENTS + "/" + UUID.randomUUID()), 404, "not-found");
            assertProblem(get("TPE", DOCUMENTS + "/not-a-uuid"), 404, "not-found");
        }

        @Test
        void findsTheCallersDocumentByNumber() throws Exception {
            when(tracking.findByNumber("TPE", "1100295393A")).thenReturn(Optional.of(view("TPE")));
            assertThat(get("TPE", DOCUMENTS + "?documentNumber=1100295393A").statusCode()).isEqualTo(200);
            assertProblem(get("TPE", DOCUMENTS + "?documentNumber=1100295394A"), 404, "not-found");
        }

        @Test
        void listsTheCallersDocumentsOfACase() throws Exception {
            String caseNumber = "108年公退罰執特專字第00092475號";
            when(tracking.findByCase("TPE", caseNumber)).thenReturn(List.of(view("TPE")));
            String path = "/api/v1/cases/" + java.net.URLEncoder.encode(caseNumber, StandardCharsets.UTF_8);

            HttpResponse<String> r = get("TPE", path);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("caseNumber").asText()).isEqualTo(caseNumber);
            assertThat(json(r).path("documents")).hasSize(1);
            assertProblem(get("NTP", path), 404, "not-found");
        }
    }
}
