package tw.gov.aee.gateway.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.operators.OperatorAuthenticator;
import tw.gov.aee.gateway.operators.OperatorRole;
import tw.gov.aee.gateway.participants.PartyKind;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * Who may call what (DESIGN §4, §9 "Ports and authentication"): parties authenticate with their
 * TLS client certificate on the one HTTPS port; the branch API is for branches only; health, the
 * OpenAPI document and its UI are open. Operators (DESIGN §9) authenticate on the same port by
 * HTTP Basic or a registered client certificate and use only {@code /api/ops/**}: reading needs
 * VIEWER, changing anything OPERATOR; parties never reach it, operators never reach the party API.
 * Stateless: no session, so no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class ApiSecurityConfiguration {

    private static final String ACCESS_REFUSED = "access-refused";

    /** Prometheus metrics: operators only. */
    static final String METRICS = "/actuator/prometheus";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ParticipantsDirectory directory, Problems problems,
                                    OperatorAuthenticator operators) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(new ClientCertificateFilter(new PartyAuthenticator(directory)),
                        AnonymousAuthenticationFilter.class)
                .addFilterAfter(new OperatorFilter(operators), ClientCertificateFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
                                "/actuator/health", "/actuator/health/**").permitAll()
                        // metrics name banks, agencies and branches and their volumes: an operator
                        // account (HTTP Basic; Prometheus's basic_auth), never a party or anyone
                        .requestMatchers(METRICS).hasAuthority(OperatorRole.VIEWER.authority())
                        .requestMatchers(HttpMethod.GET, "/api/ops/**").hasAuthority(OperatorRole.VIEWER.authority())
                        .requestMatchers("/api/ops/**").hasAuthority(OperatorRole.OPERATOR.authority())
                        .requestMatchers("/api/v1/**").hasAuthority("ROLE_" + PartyKind.BRANCH.name())
                        // a party, not an operator: the party services read the caller as a Party
                        .requestMatchers("/api/**", "/services/**").hasAnyAuthority(partyRoles())
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(entryPoint(problems))
                        .accessDeniedHandler(accessDenied(problems)));
        return http.build();
    }

    /** Keeps Boot from creating a user with a generated password: parties are the only users. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    private static String[] partyRoles() {
        return java.util.Arrays.stream(PartyKind.values()).map(k -> "ROLE_" + k.name()).toArray(String[]::new);
    }

    private static AuthenticationEntryPoint entryPoint(Problems problems) {
        return (request, response, e) -> {
            String detail;
            if (pathOf(request).startsWith("/api/ops") || pathOf(request).equals(METRICS)) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"gateway-operators\", charset=\"UTF-8\"");
                detail = request.getAttribute(OperatorFilter.REFUSED_ATTRIBUTE) != null
                        ? "The operator name or password is wrong"
                        : "Operator credentials are required (HTTP Basic or a registered client certificate)";
            } else {
                detail = request.getAttribute(ClientCertificateFilter.REFUSED_ATTRIBUTE) != null
                        ? "The client certificate is not registered for any party"
                        : "A client certificate registered for a party is required";
            }
            problems.write(response, problems.refuse(Problems.ANONYMOUS, ACCESS_REFUSED,
                    GatewayError.UNAUTHENTICATED, detail));
        };
    }

    private static AccessDeniedHandler accessDenied(Problems problems) {
        return (request, response, e) -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            String actor = Problems.actor(auth);
            String who = auth != null && auth.getPrincipal() instanceof tw.gov.aee.gateway.operators.Operator o
                    ? "This operator (" + o.role() + ")" : "This party";
            problems.write(response, problems.refuse(actor, ACCESS_REFUSED, GatewayError.FORBIDDEN,
                    who + " may not use " + request.getMethod() + " " + pathOf(request)));
        };
    }

    /** The path without query, cut short: it is caller-controlled and goes into the audit log. */
    private static String pathOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.length() > 120 ? path.substring(0, 120) + "…" : path;
    }
}
