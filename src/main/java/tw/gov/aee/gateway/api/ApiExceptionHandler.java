package tw.gov.aee.gateway.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * Every refusal of the REST API as RFC 9457 problem+json with a stable {@code type}
 * ({@code urn:tw:gov:aee:gateway:error:<code>}), the {@code code} and the list of every problem
 * found, and an audit entry for each. Failures on our side answer 500 {@code internal} with a
 * correlation id; the exception is logged, never echoed.
 *
 * <p>Not restricted to this package's controllers: a request that matches no handler (415 for an
 * unsupported media type, 404 for an unknown path) has no controller to select an advice by.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private final Problems problems;

    ApiExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(GatewayException.class)
    ResponseEntity<ProblemDetail> gatewayException(GatewayException e, HttpServletRequest request) {
        return answer(problems.refuse(actor(), action(request), digest(request), e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        return answer(problems.internal(actor(), action(request), digest(request), e));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "Send application/xml or application/json"
                + (ex.getSupportedMediaTypes().isEmpty() ? "" : " (this operation takes " + ex.getSupportedMediaTypes() + ")");
        ProblemDetail problem = problems.refuse(actor(), action(request), GatewayError.UNSUPPORTED_MEDIA_TYPE, detail);
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.setAccept(ex.getSupportedMediaTypes());
        return problemEntity(problem, answerHeaders);
    }

    /** A malformed id in the path names no document: 404, as an unknown one would. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (ex instanceof MethodArgumentTypeMismatchException m && m.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return problemEntity(problems.refuse(actor(), action(request), GatewayError.NOT_FOUND,
                    "No such " + m.getName()), new HttpHeaders());
        }
        return super.handleTypeMismatch(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return problemEntity(problems.refuse(actor(), action(request), GatewayError.NOT_FOUND, "No such resource"),
                new HttpHeaders());
    }

    /** The rest of Spring MVC's refusals (405, 406, a missing parameter …): Spring's problem, coded and audited. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem && !problem.getProperties().containsKey("code")) {
            Problems.decorate(problem, statusCode);
            problems.audit(actor(), action(request), null, "http-" + statusCode.value(), problem.getDetail());
        }
        return answer;
    }

    private static ResponseEntity<Object> problemEntity(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static String actor() {
        return Problems.actor(SecurityContextHolder.getContext().getAuthentication());
    }

    private static String action(HttpServletRequest request) {
        return HttpMethod.POST.matches(request.getMethod()) ? "submission-rejected" : "request-refused";
    }

    private static String action(WebRequest request) {
        return request instanceof NativeWebRequest n && n.getNativeRequest() instanceof HttpServletRequest r
                ? action(r) : "request-refused";
    }

    private static String digest(HttpServletRequest request) {
        return request.getAttribute(BoundedBody.DIGEST_ATTRIBUTE) instanceof String d ? d : null;
    }
}
