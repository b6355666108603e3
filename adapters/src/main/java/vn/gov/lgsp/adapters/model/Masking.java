package vn.gov.lgsp.adapters.model;

/** Masks citizen identifiers and phone numbers before they reach a log. */
public final class Masking {

    private Masking() {
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
