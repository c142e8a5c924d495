package tw.gov.aee.gateway.api;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the request as the party whose client certificate the TLS handshake received.
 * Without a certificate, or with one that names no party, the request stays anonymous and the
 * authorisation rules decide (open paths pass, the rest answer 401).
 */
class ClientCertificateFilter extends OncePerRequestFilter {

    static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    /** Set when a certificate was presented but refused, so the 401 can say why. */
    static final String REFUSED_ATTRIBUTE = ClientCertificateFilter.class.getName() + ".refused";

    private final PartyAuthenticator authenticator;

    ClientCertificateFilter(PartyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] certificates
                && certificates.length > 0) {
            authenticator.authenticate(certificates[0]).ifPresentOrElse(party -> {
                var token = new PreAuthenticatedAuthenticationToken(party, certificates[0],
                        List.of(new SimpleGrantedAuthority(party.role())));
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(token);
                SecurityContextHolder.setContext(context);
            }, () -> request.setAttribute(REFUSED_ATTRIBUTE, Boolean.TRUE));
        }
        chain.doFilter(request, response);
    }
}
