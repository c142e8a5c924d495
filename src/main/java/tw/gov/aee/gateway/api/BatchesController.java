package tw.gov.aee.gateway.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.intake.Submission;
import tw.gov.aee.gateway.tracking.DeliveryState;

/**
 * Many documents in one body, answered per document (DESIGN §4 "Hostile input"): each item is
 * submitted on its own, so a bad item never blocks the good ones; a batch that cannot be read as
 * a whole is refused before anything is submitted.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "documents")
@SecurityRequirement(name = "clientCertificate")
class BatchesController {

    static final String ACTION = "batch-item-rejected";

    private final DocumentIntake intake;
    private final Problems problems;
    private final ApiProperties properties;

    BatchesController(DocumentIntake intake, Problems problems, ApiProperties properties) {
        this.intake = intake;
        this.problems = problems;
        this.properties = properties;
    }

    @PostMapping(path = "/batches", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit many documents (JSON form) at once; answered per document",
            description = "Each element of `documents` is one document's JSON form and is submitted as if posted "
                    + "alone. The answer is always 200 with one result per element, in order: `status` 202 or 200 "
                    + "with the tracking id, or a 4xx/5xx status with its `problem`. An unreadable batch (not JSON, "
                    + "no `documents` array, more than the item limit) is refused with 400 and nothing is submitted.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
                            description = "{\"documents\": [{\"EnforcementOrder\": {…}}, …]}, at most 500 items"))))
    @ApiResponse(responseCode = "200", description = "One result per document",
            content = @Content(schema = @Schema(implementation = BatchAnswer.class)))
    @ProblemResponses.Batch
    BatchAnswer submit(@Parameter(hidden = true) @AuthenticationPrincipal Party party, HttpServletRequest request)
            throws IOException {
        byte[] body = BoundedBody.read(request, properties.maxBatchSize());
        List<byte[]> items = BatchReader.split(body, properties.maxBatchItems());
        List<ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(submitOne(party, i, items.get(i)));
        }
        return new BatchAnswer(results);
    }

    private ItemResult submitOne(Party party, int index, byte[] item) {
        String digest = BoundedBody.sha256(item);
        try {
            Submission s = intake.submit(party.code(), item, BodyFormat.JSON);
            return new ItemResult(index, s.created() ? 202 : 200, s.id(), s.documentNumber(), s.documentType(),
                    s.state(), null);
        } catch (GatewayException e) {
            ProblemDetail problem = problems.refuse(party.code(), ACTION, digest, e);
            return ItemResult.refused(index, problem);
        } catch (RuntimeException e) {
            // One item's failure on our side must not cost the others their answer.
            return ItemResult.refused(index, problems.internal(party.code(), ACTION, digest, e));
        }
    }

    record BatchAnswer(List<ItemResult> results) { }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemResult(int index, int status, UUID id, String documentNumber, String documentType,
                      DeliveryState state, ProblemDetail problem) {
        static ItemResult refused(int index, ProblemDetail problem) {
            return new ItemResult(index, problem.getStatus(), null, null, null, null, problem);
        }
    }
}
