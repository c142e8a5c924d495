package tw.gov.aee.gateway.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.documents.InvalidDocumentException;

/**
 * Turns a refusal into its RFC 9457 problem (type {@code urn:tw:gov:aee:gateway:error:<code>},
 * extensions {@code code} and {@code problems}) and records it in the audit log: every refusal
 * the API gives, from the security filters, the controllers and the SOAP service alike.
 */
@Component
class Problems {

    static final String TYPE_PREFIX = "urn:tw:gov:aee:gateway:error:";
    static final String ANONYMOUS = "anonymous";

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final AuditLog audit;
    private final ObjectMapper json;

    Problems(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** Who made the request, for the audit log: the party's code, the operator's name, or anonymous. */
    static String actor(org.springframework.security.core.Authentication auth) {
        if (auth != null && auth.getPrincipal() instanceof Party party) {
            return party.code();
        }
        if (auth != null && auth.getPrincipal() instanceof tw.gov.aee.gateway.operators.Operator operator) {
            return operator.name();
        }
        return ANONYMOUS;
    }

    static ProblemDetail of(GatewayError error, String detail, List<String> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(error.status(), detail);
        problem.setType(URI.create(TYPE_PREFIX + error.code()));
        problem.setTitle(error.title());
        problem.setProperty("code", error.code());
        problem.setProperty("problems", problems);
        return problem;
    }

    static ProblemDetail of(GatewayException e) {
        List<String> problems = e instanceof InvalidDocumentException invalid ? invalid.problems()
                : List.of(e.getMessage() == null ? e.error().title() : e.getMessage());
        return of(e.error(), e.getMessage() == null ? e.error().title() : e.getMessage(), problems);
    }

    /** A refusal with its audit entry. */
    ProblemDetail refuse(String actor, String action, String digest, GatewayException e) {
        ProblemDetail problem = of(e);
        audit.record(actor, action, null, digest, e.error().code(), String.join("; ", problemList(problem)));
        return problem;
    }

    /** A refusal the API makes itself (no exception involved), with its audit entry. */
    ProblemDetail refuse(String actor, String action, GatewayError error, String detail) {
        return refuse(actor, action, null, new GatewayException(error, detail));
    }

    /**
     * A failure on our side: logged in full under a correlation id that the caller gets, the
     * exception itself never echoed.
     */
    ProblemDetail internal(String actor, String action, String digest, Exception e) {
        String correlation = UUID.randomUUID().toString();
        log.error("Internal error {} while {} for {}", correlation, action, actor, e);
        ProblemDetail problem = of(GatewayError.INTERNAL,
                "Internal error; quote correlation id " + correlation, List.of());
        problem.setProperty("correlationId", correlation);
        audit.record(actor, action, null, digest, GatewayError.INTERNAL.code(),
                "correlation " + correlation + ": " + e.getClass().getName());
        return problem;
    }

    /** An audit entry for a refusal that has no {@link GatewayError} (Spring MVC's own 405, 406 …). */
    void audit(String actor, String action, String digest, String code, String detail) {
        audit.record(actor, action, null, digest, code, detail);
    }

    /** Writes a problem where no controller advice runs (security filters). */
    void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** A problem for a status that has no {@link GatewayError} (405, 406 …), keeping Spring's own. */
    static void decorate(ProblemDetail problem, HttpStatusCode status) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", "http-" + status.value());
            problem.setProperty("problems", List.of(problem.getDetail() == null ? "" : problem.getDetail()));
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> problemList(ProblemDetail problem) {
        Object problems = problem.getProperties() == null ? null : problem.getProperties().get("problems");
        return problems instanceof List<?> list ? (List<String>) list : List.of();
    }
}
