package tw.gov.aee.gateway.revocations;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import tw.gov.aee.gateway.api.Party;
import tw.gov.aee.gateway.revocations.RevocationDrafts.Draft;

/**
 * Branch API for revocations the gateway drafted (welfare exemption, shared ceiling): list them,
 * approve one (submitted as the branch and delivered like any document) or discard it. A branch
 * sees and decides only its own; deciding a draft that is not pending answers 409.
 */
@RestController
@RequestMapping(path = "/api/v1/revocations", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "revocations", description = "Revocations the gateway drafted on the branch's behalf")
@SecurityRequirement(name = "clientCertificate")
class RevocationsController {

    private final RevocationDrafts drafts;

    RevocationsController(RevocationDrafts drafts) {
        this.drafts = drafts;
    }

    @Operation(summary = "The branch's drafted revocations, newest first (at most 500), optionally in one state")
    @GetMapping
    List<Draft> list(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                     @RequestParam(required = false) RevocationDrafts.State state) {
        return drafts.list(party.code(), state);
    }

    @Operation(summary = "One drafted revocation of the branch")
    @GetMapping("/{id}")
    Draft one(@Parameter(hidden = true) @AuthenticationPrincipal Party party, @PathVariable long id) {
        return drafts.find(party.code(), id);
    }

    @Operation(summary = "Approve a pending draft: submitted as the branch, signed and delivered (409 if not pending)")
    @PostMapping("/{id}/approve")
    Draft approve(@Parameter(hidden = true) @AuthenticationPrincipal Party party, @PathVariable long id) {
        return drafts.approve(party.code(), id);
    }

    @Operation(summary = "Discard a pending draft: nothing is sent (409 if not pending)")
    @PostMapping("/{id}/discard")
    Draft discard(@Parameter(hidden = true) @AuthenticationPrincipal Party party, @PathVariable long id) {
        return drafts.discard(party.code(), id);
    }
}
