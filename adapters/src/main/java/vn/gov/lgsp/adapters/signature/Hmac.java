package vn.gov.lgsp.adapters.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared-key signature of our partner contracts (callbacks, postal tracking, payment notifications): lowercase
 * hex HMAC-SHA256 of the raw body, keyed with the partner's key as UTF-8.
 */
public final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private Hmac() {
    }

    public static String sign(String key, byte[] body) {
        return HexFormat.of().formatHex(mac(key, body));
    }

    /** Whether {@code signature} signs {@code body}: compared in constant time, in either letter case. */
    public static boolean matches(String key, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signature.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(key, body), presented);
    }

    private static byte[] mac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
