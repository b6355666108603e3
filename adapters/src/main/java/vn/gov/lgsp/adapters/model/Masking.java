package vn.gov.lgsp.adapters.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks citizen identifiers and phone numbers before they reach a log. */
public final class Masking {

    /**
     * A citizen identifier (12 digits, or 9 on an old identity card) or a phone number (0 or +84 and 9 digits)
     * standing alone: not part of a longer number, a code with dots or dashes, or a word.
     */
    private static final Pattern IN_TEXT = Pattern.compile(
            "(?<![\\w.+-])(\\+84\\d{9}|0\\d{9}|\\d{12}|\\d{9})(?![\\w.-])");

    private Masking() {
    }

    /** Every identifier and phone number in {@code text}, masked ({@link #mask}); the rest as it is. */
    public static String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher found = IN_TEXT.matcher(text);
        if (!found.find()) {
            return text;
        }
        StringBuilder masked = new StringBuilder();
        do {
            found.appendReplacement(masked, Matcher.quoteReplacement(mask(found.group(1))));
        } while (found.find());
        return found.appendTail(masked).toString();
    }

    /** Keeps the last three characters: {@code 001090012345} becomes {@code *********345}. */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int visible = Math.min(3, value.length() / 3);
        return "*".repeat(value.length() - visible) + value.substring(value.length() - visible);
    }
}
