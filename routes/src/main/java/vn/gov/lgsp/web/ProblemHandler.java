package vn.gov.lgsp.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every refusal of the inbound API is an RFC 9457 problem naming what was wrong (every invalid field, with its
 * JSON path), and is recorded.
 */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final InboundRejections rejections;

    public ProblemHandler(InboundRejections rejections) {
        this.rejections = rejections;
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<Problems.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new Problems.FieldError(fieldName(f.getField()), f.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return answer(request, Problems.invalidFields(errors));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, HttpServletRequest request) {
        return answer(request, Problems.invalidFields(List.of(new Problems.FieldError(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeFilter.PayloadTooLargeException tooLarge) {
                return answer(request, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", tooLarge.getMessage()));
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof JsonParseException parse) {
            return answer(request, Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                    "the body is not valid JSON: " + parse.getOriginalMessage() + " at line "
                            + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr()));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return answer(request, Problems.invalidFields(List.of(new Problems.FieldError(path(mapping), reason(mapping)))));
        }
        if (cause instanceof MismatchedInputException mismatched) {
            return answer(request, Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                    "the body must be a JSON object: " + mismatched.getOriginalMessage()));
        }
        return answer(request, Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                cause == null ? "the request body is missing" : "the body is unreadable: " + cause.getMessage()));
    }

    @ExceptionHandler(RefusedRequestException.class)
    ResponseEntity<ProblemDetail> refused(RefusedRequestException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> answer = answer(request, Problems.of(e.status(), e.type(), e.getMessage()));
        return e.retryAfterSeconds() == 0 ? answer : ResponseEntity.status(answer.getStatusCode())
                .header("Retry-After", String.valueOf(e.retryAfterSeconds())).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(answer.getBody());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.CONFLICT, "conflict", e.getMessage()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "send " + e.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(" or "))
                        + ", not " + e.getContentType()));
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<ProblemDetail> part(MissingServletRequestPartException e, HttpServletRequest request) {
        return answer(request, Problems.invalidFields(List.of(new Problems.FieldError(e.getRequestPartName(),
                "the multipart body must have this part"))));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> upload(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                "the multipart body is larger than the configured limit"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", e.getMessage()));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> parameter(Exception e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter", e.getMessage()));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> parameters(HandlerMethodValidationException e, HttpServletRequest request) {
        List<Problems.FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new Problems.FieldError(
                        r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return answer(request, Problems.invalidFields(errors));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraints(ConstraintViolationException e, HttpServletRequest request) {
        List<Problems.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> {
                    String path = v.getPropertyPath().toString();
                    return new Problems.FieldError(path.substring(path.lastIndexOf('.') + 1), v.getMessage());
                })
                .toList();
        return answer(request, Problems.invalidFields(errors));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.NOT_FOUND, "not-found", "no such resource"));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, HttpServletRequest request) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return answer(request, Problems.of(status, status.name().toLowerCase().replace('_', '-'), e.getReason()));
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(ServiceUnavailableException e, HttpServletRequest request) {
        log.error("Could not take {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e.getCause());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", e.getMessage());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the middleware failed unexpectedly; the request was not accepted");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private ResponseEntity<ProblemDetail> answer(HttpServletRequest request, ProblemDetail problem) {
        problem.setInstance(URI.create(request.getRequestURI()));
        String summary = problem.getDetail();
        if (problem.getProperties() != null && problem.getProperties().get("errors") != null) {
            summary = summary + ": " + problem.getProperties().get("errors");
        }
        rejections.record(request.getMethod() + " " + request.getRequestURI(),
                (String) request.getAttribute(ApiKeyFilter.CALLER), problem.getStatus(), summary);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A bean-validation path for a record's method ({@code contentAsDeclared}) names the object it checks. */
    private static String fieldName(String field) {
        return field.endsWith(".contentAsDeclared") ? field.substring(0, field.length() - ".contentAsDeclared".length())
                + ".contentBase64" : field;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(r.getFieldName());
            } else {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof ValueInstantiationException || e.getCause() instanceof IllegalArgumentException) {
            Throwable cause = e.getCause();
            return cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
        }
        if (e instanceof InvalidFormatException f) {
            return "cannot be read as " + f.getTargetType().getSimpleName() + ": " + String.valueOf(f.getValue());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "must be " + describe(m.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object (" + type.getSimpleName() + ")";
    }
}
