package vn.gov.lgsp.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.gov.lgsp.adapters.ministry.InterAgencyService;
import vn.gov.lgsp.attachments.AttachmentStore;
import vn.gov.lgsp.ministries.MinistryFlowConfiguration;
import vn.gov.lgsp.config.AccessProperties;

/**
 * Bounds what a caller may send in one request, whether it declares the length or streams the body: a one-stop
 * system's dossier event (its attachments included) up to {@code app.onestop.max-body-size}, a partner's
 * notification up to 64 KB. Removes whatever the request staged but did not keep.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestSizeFilter extends OncePerRequestFilter {

    /** What a partner's notification may weigh (DOMAIN 7 and 8). */
    public static final int PARTNER_LIMIT = 64 * 1024;

    private final Map<String, Long> limits;
    private final AttachmentStore attachments;
    private final ObjectMapper json;
    private final InboundRejections rejections;

    public RequestSizeFilter(AccessProperties access, AttachmentStore attachments, ObjectMapper json,
                             InboundRejections rejections) {
        Map<String, Long> limits = new HashMap<>();
        limits.put("/api/v1/dossier-events", access.onestop().maxBodySize().toBytes());
        // The payment platform's CONFIRM is answered in its own words, oversized or not (PaymentConfirmController).
        limits.put("/api/v1/postal/tracking", (long) PARTNER_LIMIT);
        // A ministry's request as a whole (package and parts): larger ones are answered 413 before SOAP is read.
        limits.put("/services" + MinistryFlowConfiguration.SERVICE_PATH, InterAgencyService.MAX_REQUEST_BYTES);
        this.limits = Map.copyOf(limits);
        this.attachments = attachments;
        this.json = json;
        this.rejections = rejections;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.containsKey(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limits.get(request.getRequestURI());
        if (request.getContentLengthLong() > limit) {
            String detail = "the request body is larger than " + limit + " bytes";
            rejections.record(request.getMethod() + " " + request.getRequestURI(),
                    (String) request.getAttribute(ApiKeyFilter.CALLER), 413, detail);
            Problems.write(json, request, response, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", detail));
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit), response);
        } finally {
            attachments.discardStaged();
        }
    }

    /** The body went past the limit; answered 413. */
    public static class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) throws PayloadTooLargeException {
                        read += n;
                        if (read > limit) {
                            throw new PayloadTooLargeException(limit);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
