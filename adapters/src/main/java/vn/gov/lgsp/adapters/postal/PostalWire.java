package vn.gov.lgsp.adapters.postal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import vn.gov.lgsp.adapters.error.MalformedMessageException;
import vn.gov.lgsp.adapters.model.Codes;
import vn.gov.lgsp.adapters.model.PostalOrder;
import vn.gov.lgsp.adapters.model.PostalParty;
import vn.gov.lgsp.adapters.model.ShipmentReport;
import vn.gov.lgsp.adapters.model.ShipmentStatus;

/**
 * The postal operator's wire format (DOMAIN 8): PascalCase fields, integer VND, times {@code yyyyMMddHHmmss} in
 * Vietnam time (24-hour clock), tracking pushes signed with {@link vn.gov.lgsp.adapters.signature.Hmac}.
 */
public final class PostalWire {

    /** UPU S10 item numbers, e.g. {@code EL123456789VN}. */
    public static final String ITEM_CODE = "[A-Z]{2}\\d{9}[A-Z]{2}";
    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int MAX_LOCATION = 500;

    private PostalWire() {
    }

    static ObjectNode order(ObjectMapper json, String customerCode, PostalOrder order) {
        ObjectNode body = json.createObjectNode();
        body.put("CustomerCode", customerCode);
        body.put("OrderNumber", order.dossierCode());
        body.put("ServiceType", order.serviceType().name());
        body.put("CODAmount", order.codAmount());
        party(body, "Sender", order.sender());
        party(body, "Receiver", order.receiver());
        body.put("Description", order.description());
        return body;
    }

    private static void party(ObjectNode body, String role, PostalParty party) {
        body.put(role + "Name", party.name());
        body.put(role + "Tel", party.phone());
        body.put(role + "Address", party.address());
        body.put(role + "Province", party.province());
    }

    /**
     * Reads one tracking record (a push's body, or an item of a pull's answer), checking every field.
     *
     * @param orderNumber the order number the record belongs to when the record itself does not say (a pull's items)
     */
    public static ShipmentReport report(JsonNode node, String orderNumber) {
        if (node == null || !node.isObject()) {
            throw new MalformedMessageException("", "the report must be a JSON object");
        }
        String itemCode = text(node, "ItemCode", true);
        if (!itemCode.matches(ITEM_CODE)) {
            throw new MalformedMessageException("ItemCode", "must be an item number like EL123456789VN");
        }
        String number = orderNumber != null && !node.has("OrderNumber") ? orderNumber : text(node, "OrderNumber", true);
        if (!Codes.isDossierCode(number)) {
            throw new MalformedMessageException("OrderNumber", "must be a dossier code <agency code>-<YYMMDD>-<4 digits>");
        }
        JsonNode code = node.get("StatusCode");
        if (code == null || !code.canConvertToInt() || !code.isIntegralNumber() || !ShipmentStatus.isCode(code.intValue())) {
            throw new MalformedMessageException("StatusCode", "must be one of 1, 2, 3, 4, 5, 6, 7");
        }
        OffsetDateTime statusTime = time(text(node, "StatusTime", true));
        String location = node.has("Location") && !node.get("Location").isNull() ? text(node, "Location", false) : "";
        if (location.length() > MAX_LOCATION) {
            throw new MalformedMessageException("Location", "must be at most " + MAX_LOCATION + " characters");
        }
        JsonNode collected = node.get("CollectedAmount");
        if (collected == null || !collected.isIntegralNumber() || !collected.canConvertToLong() || collected.longValue() < 0) {
            throw new MalformedMessageException("CollectedAmount", "must be a whole, non-negative number of VND");
        }
        return new ShipmentReport(itemCode, number, ShipmentStatus.fromCode(code.intValue()), statusTime, location,
                collected.longValue());
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedMessageException(field, "is required");
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw new MalformedMessageException(field, "must be a non-empty string");
        }
        return value.asText();
    }

    /** {@code yyyyMMddHHmmss}, Vietnam time. */
    static OffsetDateTime time(String text) {
        try {
            return LocalDateTime.parse(text, TIME).atOffset(VIETNAM);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("StatusTime", "must be a time yyyyMMddHHmmss (24-hour, Vietnam time)");
        }
    }
}
