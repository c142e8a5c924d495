package tw.gov.aee.gateway.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;


import org.springframework.http.MediaType;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.intake.Submission;
import tw.gov.aee.gateway.replies.CaseReplies;
import tw.gov.aee.gateway.replies.CaseReplies.CaseReply;
import tw.gov.aee.gateway.replies.CaseReplies.SeizureTotal;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DocumentTracking;
import tw.gov.aee.gateway.tracking.DocumentView;

/** The branch REST API (DESIGN §8): submit one document, read a document or a case. */
@RestController
@RequestMapping(path = "/api/v1", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "documents", description = "A branch submits its documents and follows them")
@SecurityRequirement(name = "clientCertificate")
class DocumentsController {

    static final String DOCUMENTS = "/api/v1/documents/";

    private final DocumentIntake intake;
    private final DocumentTracking tracking;
    private final ApiProperties properties;
    private final CaseReplies caseReplies;

    DocumentsController(DocumentIntake intake, DocumentTracking tracking, ApiProperties properties, CaseReplies caseReplies) {
        this.intake = intake;
        this.tracking = tracking;
        this.properties = properties;
        this.caseReplies = caseReplies;
    }

    @PostMapping(path = "/documents", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Submit one document",
            description = "Validates the document (XSD and domain rules) and stores it durably before answering. "
                    + "The issuing branch must be the caller. Resubmitting the same (branch, document number) with "
                    + "the same content answers 200 with the original record; with other content, 409.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_XML_VALUE,
                            schema = @Schema(type = "string", description = "One document of urn:tw:gov:aee:exchange:v1, at most 1 MiB")),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(type = "object", description = "The JSON form: {\"EnforcementOrder\": {…}}"))}))
    @ApiResponse(responseCode = "202", description = "Accepted and stored; Location names the document",
            content = @Content(schema = @Schema(implementation = SubmissionAnswer.class)))
    @ApiResponse(responseCode = "200", description = "Identical resubmission: the original record",
            content = @Content(schema = @Schema(implementation = SubmissionAnswer.class)))
    @ProblemResponses.Submission
    ResponseEntity<SubmissionAnswer> submit(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                                            HttpServletRequest request) throws IOException {
        byte[] body = BoundedBody.read(request, properties.maxDocumentSize());
        BodyFormat format = MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(request.getContentType()))
                ? BodyFormat.JSON : BodyFormat.XML;
        Submission submission = intake.submit(party.code(), body, format);
        SubmissionAnswer answer = SubmissionAnswer.of(submission);
        return submission.created()
                ? ResponseEntity.accepted().location(URI.create(answer.links().self())).body(answer)
                : ResponseEntity.ok(answer);
    }

    @GetMapping("/documents/{id}")
    @Operation(summary = "One of the caller's documents: state, every delivery with its history and receipt")
    @ApiResponse(responseCode = "200", description = "The document")
    @ProblemResponses.Read
    DocumentView document(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                          @PathVariable("id") UUID id) {
        DocumentView view = tracking.find(id).orElseThrow(() -> notFound("No document " + id));
        if (!view.branch().equals(party.code())) {
            throw new GatewayException(GatewayError.FORBIDDEN, "Document " + id + " belongs to another branch");
        }
        return view;
    }

    @GetMapping(path = "/documents", params = "documentNumber")
    @Operation(summary = "The caller's document with this document number (文號)")
    @ApiResponse(responseCode = "200", description = "The document")
    @ProblemResponses.Read
    DocumentView documentByNumber(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                                  @RequestParam("documentNumber") String documentNumber) {
        return tracking.findByNumber(party.code(), documentNumber)
                .orElseThrow(() -> notFound("No document with that number for branch " + party.code()));
    }

    @GetMapping("/cases/{caseNumber}")
    @Operation(summary = "Every document of the caller's case (案號), the banks' replies and the seized total per order",
            description = "replies: per bank the result, amount seized and when it came; seizure: per order the running "
                    + "total the banks report seized against the order's shared ceiling, and any excess")
    @ApiResponse(responseCode = "200", description = "The case's documents and replies")
    @ProblemResponses.Read
    CaseAnswer caseDocuments(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                             @PathVariable("caseNumber") String caseNumber) {
        List<DocumentView> documents = tracking.findByCase(party.code(), caseNumber);
        if (documents.isEmpty()) {
            throw notFound("No document of that case for branch " + party.code());
        }
        return new CaseAnswer(caseNumber, documents, caseReplies.replies(party.code(), caseNumber),
                caseReplies.totals(party.code(), caseNumber));
    }

    private static GatewayException notFound(String message) {
        return new GatewayException(GatewayError.NOT_FOUND, message);
    }

    /** What a submission answers (202 or 200). */
    record SubmissionAnswer(UUID id, String documentNumber, String documentType, DeliveryState state, Links links) {
        static SubmissionAnswer of(Submission s) {
            return new SubmissionAnswer(s.id(), s.documentNumber(), s.documentType(), s.state(),
                    new Links(DOCUMENTS + s.id()));
        }
    }

    record Links(String self) { }

    /** A case: the caller's documents covering it, the banks' replies, the seized total per order. */
    record CaseAnswer(String caseNumber, List<DocumentView> documents, List<CaseReply> replies,
                      List<SeizureTotal> seizure) { }

}
