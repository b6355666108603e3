package vn.gov.lgsp.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.gov.lgsp.config.AccessProperties;

/**
 * Authenticates every caller of the inbound API by its {@code X-API-Key} and lets it reach only what its role
 * allows: one-stop software sends dossier events, reads its dossiers and checks signatures; operators also
 * manage parked messages. Attachment downloads carry their own signed link instead of a key; partners that notify
 * us (the postal operator, the payment platform) sign each body instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter extends OncePerRequestFilter {

    /** Request attribute holding the authenticated caller, {@code onestop:<name>} or {@code operator:<name>}. */
    public static final String CALLER = "lgsp.caller";
    static final String HEADER = "X-API-Key";
    /** Endpoints our partners call with a signed body (HMAC with the partner's key) rather than an API key. */
    public static final Set<String> PARTNER_ENDPOINTS = Set.of("/api/v1/postal/tracking", "/api/v1/payments/confirm");

    enum Role {
        ONESTOP,
        OPERATOR,
        VIEWER
    }

    private record Account(String caller, Role role, byte[] key) {
    }

    private final List<Account> accounts = new ArrayList<>();
    private final ObjectMapper json;
    private final InboundRejections rejections;

    public ApiKeyFilter(AccessProperties access, ObjectMapper json, InboundRejections rejections) {
        this.json = json;
        this.rejections = rejections;
        access.onestop().clients().forEach((name, c) -> accounts.add(new Account("onestop:" + name, Role.ONESTOP, bytes(c.apiKey()))));
        // A viewer's key opens the console only: every API path for operators can change something or returns payloads.
        access.operators().forEach((name, o) -> accounts.add(new Account("operator:" + name,
                o.role() == AccessProperties.OperatorRole.OPERATOR ? Role.OPERATOR : Role.VIEWER, bytes(o.apiKey()))));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/v1/") || path.startsWith("/api/v1/attachments/") || PARTNER_ENDPOINTS.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        Account account = presented == null ? null : find(bytes(presented));
        if (account == null) {
            deny(request, response, null, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    presented == null ? "the X-API-Key header is missing" : "the X-API-Key is not known");
            return;
        }
        if (!allowed(request).contains(account.role())) {
            deny(request, response, account.caller(), HttpStatus.FORBIDDEN, "forbidden",
                    account.caller() + " may not " + request.getMethod() + " " + request.getRequestURI());
            return;
        }
        request.setAttribute(CALLER, account.caller());
        chain.doFilter(request, response);
    }

    private static Set<Role> allowed(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.equals("/api/v1/dossier-events")) {
            return Set.of(Role.ONESTOP);
        }
        if (path.startsWith("/api/v1/dossiers/") && request.getMethod().equals("GET")) {
            return Set.of(Role.ONESTOP, Role.OPERATOR);
        }
        if (path.startsWith("/api/v1/payments/") && path.endsWith("/qr.png") && request.getMethod().equals("GET")) {
            return Set.of(Role.ONESTOP, Role.OPERATOR);
        }
        if (path.equals("/api/v1/signatures/verify")) {
            return Set.of(Role.ONESTOP, Role.OPERATOR);
        }
        return Set.of(Role.OPERATOR);
    }

    /** Compares with every account in constant time, so that timing tells nothing about the keys. */
    private Account find(byte[] presented) {
        Account found = null;
        for (Account a : accounts) {
            if (MessageDigest.isEqual(a.key(), presented)) {
                found = a;
            }
        }
        return found;
    }

    private void deny(HttpServletRequest request, HttpServletResponse response, String caller, HttpStatus status,
                      String type, String detail) throws IOException {
        rejections.record(request.getMethod() + " " + request.getRequestURI(), caller, status.value(), detail);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
        }
        Problems.write(json, request, response, Problems.of(status, type, detail));
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
