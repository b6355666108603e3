package vn.gov.lgsp.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details, with the list of invalid fields where there are some. */
public final class Problems {

    private Problems() {
    }

    /** One invalid field of a request. */
    public record FieldError(String field, String message) {
    }

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:lgsp:problem:" + type));
        return problem;
    }

    /** Writes a problem from outside Spring MVC (a servlet filter). */
    public static void write(ObjectMapper json, HttpServletRequest request, HttpServletResponse response,
                             ProblemDetail problem) throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    public static ProblemDetail invalidFields(List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request",
                errors.size() == 1 ? "1 invalid field" : errors.size() + " invalid fields");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return problem;
    }
}
