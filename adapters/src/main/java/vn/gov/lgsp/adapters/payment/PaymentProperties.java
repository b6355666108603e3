package vn.gov.lgsp.adapters.payment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection to the national payment platform (DOMAIN 7).
 *
 * @param baseUrl        INIT, QUERY and GET_BILL are posted to it
 * @param partnerCode    our {@code MaDoiTac}
 * @param secret         the shared secret that ends every {@code MaXacThuc}
 * @param channelCode    {@code MaKenhThanhToan}, may be empty
 * @param deviceCode     {@code MaThietBi}, may be empty
 * @param bankCode       {@code MaNganHang}, may be empty
 * @param serviceCode    {@code ThongTinBienLai.MaDichVu}
 * @param ip             {@code Ip}: the middleware's address as the platform sees it
 * @param qr             the beneficiary of the VietQR payload
 */
@Validated
@ConfigurationProperties("app.peers.payment")
public record PaymentProperties(
        @NotNull URI baseUrl,
        @NotBlank String partnerCode,
        @NotBlank String secret,
        @NotNull @DefaultValue("") String channelCode,
        @NotNull @DefaultValue("") String deviceCode,
        @NotNull @DefaultValue("") String bankCode,
        @NotBlank @DefaultValue("DVCTT") String serviceCode,
        @NotBlank @DefaultValue("127.0.0.1") String ip,
        @NotNull @Valid Qr qr,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration requestTimeout) {

    /**
     * @param bankBin the beneficiary bank's 6-digit BIN (NAPAS)
     * @param account the beneficiary account number
     */
    public record Qr(
            @NotNull @Pattern(regexp = "\\d{6}", message = "must be a 6-digit bank BIN") String bankBin,
            @NotNull @Pattern(regexp = "[0-9A-Za-z]{1,19}", message = "must be 1 to 19 letters or digits") String account) {
    }
}
