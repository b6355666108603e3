package vn.gov.lgsp.console;

import java.security.Principal;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import vn.gov.lgsp.config.AccessProperties;
import vn.gov.lgsp.web.InboundRejections;

/**
 * Who may use the console: the operators of {@code app.operators}, each logging in with its name and its key, in an
 * HTTP session (the key never travels in a URL). {@code VIEWER} looks; {@code OPERATOR} also replays, discards and
 * downloads payloads. Every change is a POST with a CSRF token. The rest of the middleware (its API, the partners'
 * endpoints, SOAP, actuator) keeps its own authentication ({@code ApiKeyFilter}, signed bodies) and no session.
 */
@Configuration
public class ConsoleSecurity {

    static final String VIEWER = "VIEWER";
    static final String DENIED = "/console/denied";
    static final String OPERATOR = "OPERATOR";

    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, InboundRejections rejections) throws Exception {
        AccessDeniedHandlerImpl deniedPage = new AccessDeniedHandlerImpl();
        deniedPage.setErrorPage(DENIED);
        SimpleUrlAuthenticationFailureHandler loginPage = new SimpleUrlAuthenticationFailureHandler("/console/login?error");
        http.securityMatcher("/console/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/console/login", "/console/assets/**", DENIED).permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/parked/**").hasRole(OPERATOR)
                        .requestMatchers("/console/dossiers/*/events/*/payload", "/console/parked/*/payload").hasRole(OPERATOR)
                        .anyRequest().hasAnyRole(VIEWER, OPERATOR))
                .formLogin(login -> login.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .defaultSuccessUrl("/console/dossiers", false)
                        .failureHandler((request, response, failure) -> {
                            rejections.record("POST /console/login", request.getParameter("username") == null ? null
                                    : "operator:" + request.getParameter("username"), 401, "login refused: " + failure.getMessage());
                            loginPage.onAuthenticationFailure(request, response, failure);
                        }))
                // A refusal (a viewer's change, a missing or wrong CSRF token) is recorded, then shown as a console page.
                .exceptionHandling(denied -> denied.accessDeniedHandler((request, response, refused) -> {
                    Principal user = request.getUserPrincipal();
                    rejections.record(request.getMethod() + " " + request.getRequestURI(),
                            caller(user), 403, refused.getMessage());
                    deniedPage.handle(request, response, refused);
                }))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")));
        return http.build();
    }

    /**
     * Everything else only gets Spring Security's protective response headers: it authenticates each request itself,
     * without sessions, so the filters that keep a security context, a session, an anonymous user or a login would
     * be work on every one-stop event for nothing (they were a tenth of a request's time).
     */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .exceptionHandling(exceptions -> exceptions.disable());
        return http.build();
    }

    /** An operator as the audit trail and the refusal records name it (as the API does): {@code operator:<name>}. */
    static String caller(Principal user) {
        return user == null ? null : "operator:" + user.getName();
    }

    /** The keys are kept only as bcrypt hashes; a login costs one hash, an API call none. */
    @Bean
    UserDetailsService consoleUsers(AccessProperties access, PasswordEncoder passwords) {
        List<UserDetails> users = access.operators().entrySet().stream()
                .map(e -> User.withUsername(e.getKey()).password(passwords.encode(e.getValue().apiKey()))
                        .roles(e.getValue().role().name()).build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * Spring Security's own observations wrap each of its filters, on every request, in an observation of its own: a
     * timer and a span per filter on the one-stop API's hot path, telling nothing the HTTP server observation does not.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder consolePasswords() {
        return new BCryptPasswordEncoder();
    }
}
