package vn.gov.lgsp.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import vn.gov.lgsp.web.InboundRejections;

/** A console page that cannot be shown says why, as a page of the console (the API answers problem+json instead). */
@ControllerAdvice(assignableTypes = {DossierPages.class, ParkedPages.class, OperationsPages.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    private final InboundRejections rejections;

    public ConsoleErrors(InboundRejections rejections) {
        this.rejections = rejections;
    }

    @ExceptionHandler(ResponseStatusException.class)
    public String refused(ResponseStatusException e, Model model, HttpServletRequest request, HttpServletResponse response) {
        return page(e.getStatusCode().value(), e.getReason(), model, request, response);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    public String badParameter(Exception e, Model model, HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.BAD_REQUEST.value(), "a parameter is missing or has the wrong form", model, request, response);
    }

    @ExceptionHandler(Exception.class)
    public String failed(Exception e, Model model, HttpServletRequest request, HttpServletResponse response) {
        log.error("Console page failed", e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR.value(), "the page could not be made; the log says why", model, request,
                response);
    }

    private String page(int status, String reason, Model model, HttpServletRequest request, HttpServletResponse response) {
        if (status < 500) {
            Principal user = request.getUserPrincipal();
            rejections.record(request.getMethod() + " " + request.getRequestURI(), ConsoleSecurity.caller(user), status,
                    reason == null ? "refused" : reason);
        }
        return errorPage(status, reason, model, response);
    }

    /** The console's error page with this status and reason (recorded by the caller where it needs recording). */
    static String errorPage(int status, String reason, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("reason", reason);
        return "console/error";
    }
}
