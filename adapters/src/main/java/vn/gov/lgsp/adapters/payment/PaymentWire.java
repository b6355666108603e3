package vn.gov.lgsp.adapters.payment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.Locale;
import vn.gov.lgsp.adapters.error.MalformedMessageException;

/**
 * The payment platform's wire rules (DOMAIN 7): {@code MaXacThuc} is the lowercase hex SHA-256 of the listed fields'
 * values joined with {@code |}, the secret last; amounts are whole VND as strings of digits (an integer is accepted
 * on the way in); times {@code yyyyMMddHHmmss} on the 24-hour clock, Vietnam time.
 */
public final class PaymentWire {

    static final String VERSION = "1.0.6";
    static final String SUCCESS = "00";
    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    // "HH", never "hh": a 12-hour clock would send 13:00 as 01.
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private PaymentWire() {
    }

    /** {@code MaXacThuc} of {@code values} (null counts as empty), the secret last. */
    public static String hash(String secret, String... values) {
        StringBuilder joined = new StringBuilder();
        for (String value : values) {
            joined.append(value == null ? "" : value).append('|');
        }
        joined.append(secret);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(joined.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code presented} is the expected hash: constant time, either letter case. */
    public static boolean hashMatches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    public static String time(OffsetDateTime time) {
        return time.atZoneSameInstant(VIETNAM).format(TIME);
    }

    public static OffsetDateTime time(String field, String text) {
        try {
            return LocalDateTime.parse(text, TIME).atOffset(VIETNAM);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new MalformedMessageException(field, "must be a time yyyyMMddHHmmss (24-hour, Vietnam time)");
        }
    }

    /** Whole VND as the platform writes them. */
    public static String amount(long vnd) {
        return Long.toString(vnd);
    }

    /** A string of digits or a JSON integer, not negative; anything else ("100000.0", "-1", "1e5") is refused. */
    public static long amount(String field, JsonNode value) {
        if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return value.longValue();
        }
        if (value != null && value.isTextual() && value.asText().matches("\\d{1,15}")) {
            return Long.parseLong(value.asText());
        }
        throw new MalformedMessageException(field, "must be a whole, non-negative number of VND (\"100000\")");
    }

    /** The field's text as it was sent, for the hash: a number is hashed as written. */
    public static String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isContainerNode()) {
            throw new MalformedMessageException(field, "must be a string");
        }
        return value.asText();
    }
}
