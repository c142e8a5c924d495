package tw.gov.aee.gateway.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import tw.gov.aee.gateway.operators.Operator;
import tw.gov.aee.gateway.operators.OperatorAuthenticator;

/**
 * Authenticates an operator (DESIGN §9 "Operators") on the same TLS port as the parties: by HTTP
 * Basic (name + password, checked against the configured bcrypt hash; TLS protects it on the
 * wire) or by a client certificate registered for the operator. Runs after the party filter: a
 * request that already authenticated as a party stays that party. Wrong credentials leave the
 * request anonymous (the rules answer 401) and are remembered so the 401 can say why.
 */
class OperatorFilter extends OncePerRequestFilter {

    /** Set when Basic credentials were presented and refused. */
    static final String REFUSED_ATTRIBUTE = OperatorFilter.class.getName() + ".refused";

    private final OperatorAuthenticator authenticator;

    OperatorFilter(OperatorAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null || !current.isAuthenticated()) {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
                Optional<Operator> operator = basic(header.substring(6).trim());
                operator.ifPresentOrElse(o -> authenticate(o, null),
                        () -> request.setAttribute(REFUSED_ATTRIBUTE, Boolean.TRUE));
            } else if (request.getAttribute(ClientCertificateFilter.CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] certs
                    && certs.length > 0) {
                authenticator.withCertificate(certs[0]).ifPresent(o -> {
                    authenticate(o, certs[0]);
                    request.removeAttribute(ClientCertificateFilter.REFUSED_ATTRIBUTE);
                });
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<Operator> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || decoded.length() > 1024) {
            return Optional.empty();
        }
        return authenticator.withPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static void authenticate(Operator operator, Object credentials) {
        var token = new PreAuthenticatedAuthenticationToken(operator, credentials,
                AuthorityUtils.createAuthorityList(operator.role().authorities()));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(token);
        SecurityContextHolder.setContext(context);
    }
}
