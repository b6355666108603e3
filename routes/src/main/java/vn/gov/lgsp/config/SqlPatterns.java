package vn.gov.lgsp.config;

/** LIKE patterns from what a user typed: its wildcards are taken literally (with {@code escape '\'}). */
public final class SqlPatterns {

    private SqlPatterns() {
    }

    /** Matches every text starting with {@code typed}. */
    public static String startingWith(String typed) {
        return typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
