package vn.gov.lgsp.adapters.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Forms of the national identifiers (Circular 01/2018/TT-VPCP, art. 19). */
public final class Codes {

    /** Agency code (mã định danh): {@code ddd.dd.dd.Xdd}, X = G (central) or H (province). */
    public static final String AGENCY = "\\d{3}\\.\\d{2}\\.\\d{2}\\.[GH]\\d{2}";
    /** Dossier code (mã hồ sơ): agency code, date YYMMDD, 4-digit daily sequence. */
    public static final String DOSSIER = "(" + AGENCY + ")-(\\d{2})(\\d{2})(\\d{2})-\\d{4}";
    /** Procedure code (mã TTHC): national code {@code d.dddddd}, optionally followed by an agency code. */
    public static final String PROCEDURE = "\\d\\.\\d{6}(\\." + AGENCY + ")?";
    /** Personal identification number: 12 digits (chip card), 9 on old identity cards. */
    public static final String PERSONAL_ID = "\\d{12}|\\d{9}";

    private static final Pattern DOSSIER_PATTERN = Pattern.compile(DOSSIER);

    private Codes() {
    }

    /** A dossier code is well formed when its form matches and its date part is a real date. */
    public static boolean isDossierCode(String code) {
        if (code == null) {
            return false;
        }
        Matcher m = DOSSIER_PATTERN.matcher(code);
        if (!m.matches()) {
            return false;
        }
        try {
            LocalDate.of(2000 + Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
