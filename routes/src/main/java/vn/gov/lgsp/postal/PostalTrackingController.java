package vn.gov.lgsp.postal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.lgsp.adapters.error.MalformedMessageException;
import vn.gov.lgsp.adapters.model.ShipmentReport;
import vn.gov.lgsp.adapters.postal.PostalProperties;
import vn.gov.lgsp.adapters.postal.PostalWire;
import vn.gov.lgsp.adapters.signature.Hmac;
import vn.gov.lgsp.web.ApiKeyFilter;
import vn.gov.lgsp.web.InvalidRequestException;
import vn.gov.lgsp.web.RefusedRequestException;

/**
 * {@code POST /api/v1/postal/tracking}: the postal operator reports a shipment's status (DOMAIN 8). The body is
 * signed with the partner's key; a status that moves the shipment forward is taken, a stale or repeated one is
 * acknowledged and ignored. Refusals are problems, recorded: 401 signature, 400 malformed, 403 not the partner's
 * shipment, 413 over 64 KB; 503 with {@code Retry-After} for a report that overtook the order it belongs to (the
 * operator answered our order, and pushed, before we had recorded its item code).
 */
@RestController
public class PostalTrackingController {

    static final String SIGNATURE_HEADER = "X-Signature";
    private static final int RETRY_AFTER_SECONDS = 2;

    private final PostalShipments shipments;
    private final PostalProperties postal;
    private final ObjectMapper json;

    public PostalTrackingController(PostalShipments shipments, PostalProperties postal, ObjectMapper json) {
        this.shipments = shipments;
        this.postal = postal;
        this.json = json;
    }

    @PostMapping("/api/v1/postal/tracking")
    public Map<String, Object> track(@RequestHeader(name = SIGNATURE_HEADER, required = false) String signature,
                                     @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        request.setAttribute(ApiKeyFilter.CALLER, "postal:" + postal.customerCode());
        byte[] raw = body == null ? new byte[0] : body;
        if (signature == null || signature.isBlank()) {
            throw new RefusedRequestException(HttpStatus.UNAUTHORIZED, "missing-signature",
                    "the " + SIGNATURE_HEADER + " header (HMAC-SHA256 of the body) is missing");
        }
        if (!Hmac.matches(postal.hmacKey(), raw, signature)) {
            throw new RefusedRequestException(HttpStatus.UNAUTHORIZED, "bad-signature",
                    "the " + SIGNATURE_HEADER + " header is not the HMAC-SHA256 of this body with the partner's key");
        }
        ShipmentReport report;
        try {
            report = PostalWire.report(readJson(raw), null);
        } catch (MalformedMessageException e) {
            throw new InvalidRequestException(e.field(), e.getMessage());
        }
        PostalShipments.Outcome outcome = shipments.apply(report, PostalShipments.LearnedBy.PUSH, raw);
        if (outcome == PostalShipments.Outcome.NOT_YET_KNOWN) {
            throw new RefusedRequestException(HttpStatus.SERVICE_UNAVAILABLE, "order-being-recorded", "an order of "
                    + report.orderNumber() + " is being placed and its item code is not recorded yet; send the report "
                    + "again shortly", RETRY_AFTER_SECONDS);
        }
        if (outcome == PostalShipments.Outcome.NOT_OURS) {
            throw new RefusedRequestException(HttpStatus.FORBIDDEN, "not-your-shipment", "item " + report.itemCode()
                    + " is not a shipment of order " + report.orderNumber() + " placed with this partner");
        }
        return Map.of("itemCode", report.itemCode(), "statusCode", report.status().code(), "outcome", outcome.name());
    }

    private JsonNode readJson(byte[] raw) {
        if (raw.length == 0) {
            throw new RefusedRequestException(HttpStatus.BAD_REQUEST, "malformed-json", "the request body is missing");
        }
        try {
            return json.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new RefusedRequestException(HttpStatus.BAD_REQUEST, "malformed-json",
                    "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a body held in memory", e);
        }
    }
}
