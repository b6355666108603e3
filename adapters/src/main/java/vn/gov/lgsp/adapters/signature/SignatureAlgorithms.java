package vn.gov.lgsp.adapters.signature;

import java.security.Key;

/** The algorithms this middleware signs with; anything else it meets is only verified. */
public final class SignatureAlgorithms {

    public static final String SHA256_WITH_RSA = "SHA256withRSA";
    public static final String SHA256_WITH_ECDSA = "SHA256withECDSA";
    public static final String SHA256 = "SHA-256";

    private SignatureAlgorithms() {
    }

    /** RSA keys sign with RSA-SHA256, elliptic-curve keys (P-256) with ECDSA-SHA256. */
    public static String forKey(Key key) {
        return key.getAlgorithm().equals("EC") ? SHA256_WITH_ECDSA : SHA256_WITH_RSA;
    }
}
