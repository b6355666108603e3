package vn.gov.lgsp.adapters.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.error.MalformedMessageException;

/** The payment platform's wire rules: 24-hour Vietnam time, the hash, amounts, the VietQR payload. */
class PaymentWireTest {

    @Test
    void timesAreOnTheTwentyFourHourClockInVietnamTimeWhateverTheZoneTheyComeIn() {
        assertThat(PaymentWire.time(OffsetDateTime.parse("2026-11-27T13:00:00+07:00"))).isEqualTo("20261127130000");
        assertThat(PaymentWire.time(OffsetDateTime.parse("2026-11-27T00:30:00+07:00"))).isEqualTo("20261127003000");
        // 06:00 UTC is 13:00 in Vietnam; 17:30 UTC the day before is 00:30.
        assertThat(PaymentWire.time(OffsetDateTime.parse("2026-11-27T06:00:00Z"))).isEqualTo("20261127130000");
        assertThat(PaymentWire.time(OffsetDateTime.parse("2026-11-26T17:30:00Z"))).isEqualTo("20261127003000");
        assertThat(PaymentWire.time("ThoiGianGD", "20261127130000"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 27, 13, 0, 0, 0, ZoneOffset.ofHours(7)));
        for (String bad : new String[] {"20261127250000", "20261131130000", "2026112713000", "2026-11-27 13:00:00", ""}) {
            assertThatThrownBy(() -> PaymentWire.time("ThoiGianGD", bad)).as(bad)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void theHashJoinsTheValuesInOrderWithTheSecretLastAndEmptyForMissingOnes() throws Exception {
        String joined = "QUERY|1.0.6|H56|LG1||s3cret";
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(joined.getBytes(StandardCharsets.UTF_8)));
        assertThat(PaymentWire.hash("s3cret", "QUERY", "1.0.6", "H56", "LG1", null)).isEqualTo(expected);
        assertThat(PaymentWire.hash("s3cret", "QUERY", "1.0.6", "H56", "LG1", "")).isEqualTo(expected);
        // Another field order is another hash; UTF-8 for Vietnamese text.
        assertThat(PaymentWire.hash("s3cret", "1.0.6", "QUERY", "H56", "LG1", "")).isNotEqualTo(expected);
        assertThat(PaymentWire.hash("khóa", "Lệ phí")).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest("Lệ phí|khóa".getBytes(StandardCharsets.UTF_8))));
        assertThat(PaymentWire.hashMatches(expected, expected.toUpperCase())).isTrue();
        assertThat(PaymentWire.hashMatches(expected, expected.substring(1))).isFalse();
        assertThat(PaymentWire.hashMatches(expected, null)).isFalse();
    }

    @Test
    void amountsAreWholeNonNegativeVndAsDigitsOrIntegers() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(PaymentWire.amount("SoTien", json.readTree("\"100000\""))).isEqualTo(100_000);
        assertThat(PaymentWire.amount("SoTien", json.readTree("100000"))).isEqualTo(100_000);
        for (String bad : new String[] {"\"100000.0\"", "\"-1\"", "\"1e5\"", "100000.5", "-1", "\"\"", "null", "\" 1\""}) {
            assertThatThrownBy(() -> PaymentWire.amount("SoTien", json.readTree(bad))).as(bad)
                    .isInstanceOf(MalformedMessageException.class);
        }
        assertThatThrownBy(() -> PaymentWire.amount("SoTien", JsonNodeFactory.instance.missingNode().get("x")))
                .isInstanceOf(MalformedMessageException.class);
        assertThat(PaymentWire.amount(100_000)).isEqualTo("100000");
    }

    @Test
    void theVietQrPayloadIsEmvcoWithItsCrc() {
        assertThat(VietQr.crc16("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x29B1);
        String payload = VietQr.payload("970415", "113366668888", 100_000, "LG0123456789ABCDEF01");
        assertThat(payload).isEqualTo("000201010212"
                + "38560010A0000007270126" + "0006970415" + "0112113366668888" + "0208QRIBFTTA"
                + "5303704" + "5406100000" + "5802VN" + "6224" + "0820LG0123456789ABCDEF01" + "6304"
                + payload.substring(payload.length() - 4));
        String body = payload.substring(0, payload.length() - 4);
        assertThat(payload.substring(payload.length() - 4))
                .isEqualTo(String.format("%04X", VietQr.crc16(body.getBytes(StandardCharsets.US_ASCII))));
        assertThatThrownBy(() -> VietQr.payload("970415", "1", 1, "Lệ phí")).isInstanceOf(IllegalArgumentException.class);
    }
}
