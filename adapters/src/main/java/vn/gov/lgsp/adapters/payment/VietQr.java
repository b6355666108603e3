package vn.gov.lgsp.adapters.payment;

import java.nio.charset.StandardCharsets;

/**
 * The VietQR payload (EMVCo merchant-presented QR, NAPAS profile) offered beside the payment URL, for counter and
 * bank-app payments: beneficiary bank BIN and account, amount, our reference as the purpose, CRC16/CCITT-FALSE.
 */
public final class VietQr {

    private static final String NAPAS_GUID = "A000000727";
    private static final String TRANSFER_TO_ACCOUNT = "QRIBFTTA";
    private static final String VND = "704";

    private VietQr() {
    }

    /** The payload for paying {@code amount} VND to {@code account} at bank {@code bankBin}, reference {@code purpose}. */
    public static String payload(String bankBin, String account, long amount, String purpose) {
        if (!purpose.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || purpose.length() > 25) {
            throw new IllegalArgumentException("the purpose must be at most 25 printable ASCII characters: " + purpose);
        }
        String beneficiary = tlv("00", bankBin) + tlv("01", account);
        String merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", TRANSFER_TO_ACCOUNT);
        String body = tlv("00", "01")
                + tlv("01", "12") // dynamic: the amount is part of it
                + tlv("38", merchant)
                + tlv("53", VND)
                + tlv("54", Long.toString(amount))
                + tlv("58", "VN")
                + tlv("62", tlv("08", purpose))
                + "6304";
        return body + String.format("%04X", crc16(body.getBytes(StandardCharsets.US_ASCII)));
    }

    /** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR (EMVCo Book 4.7.3). */
    static int crc16(byte[] data) {
        int crc = 0xFFFF;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                crc &= 0xFFFF;
            }
        }
        return crc;
    }

    private static String tlv(String tag, String value) {
        if (value.length() > 99) {
            throw new IllegalArgumentException("EMVCo field " + tag + " is longer than 99 characters");
        }
        return tag + String.format("%02d", value.length()) + value;
    }
}
