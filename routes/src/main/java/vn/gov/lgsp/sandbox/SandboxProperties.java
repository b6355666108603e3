package vn.gov.lgsp.sandbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The simulated peers of the default run.
 *
 * @param enabled        start the simulated peers and the sample feeder (false in the production profile)
 * @param portalPort     loopback port of the simulated national portal
 * @param sampleDossiers how many sample dossiers the feeder sends at start
 * @param pkiPort        loopback port of the sandbox PKI's OCSP responder, CRLs and time-stamping authority
 *                       (taken when the PKI is first made under {@code ${app.data-dir}/pki})
 * @param pkiPassword    the password of the sandbox PKI's keystore (sandbox keys only)
 * @param callbackPort   loopback port of the simulated one-stop software that takes callbacks
 * @param postalPort     loopback port of the simulated postal operator
 * @param postalStepTime how long the simulated post takes between two statuses of a shipment
 * @param paymentPort    loopback port of the simulated payment platform
 * @param paymentDelay   how long after the payment request the simulated citizen pays
 * @param ministryPort   loopback port of the simulated ministry systems ({@code /ministries/<agency code>})
 * @param ministryStepTime how long a simulated ministry takes between its receipt, each status and its result
 */
@Validated
@ConfigurationProperties("app.sandbox")
public record SandboxProperties(
        @DefaultValue("false") boolean enabled,
        @Min(0) @Max(65535) @DefaultValue("8091") int portalPort,
        @Min(0) @Max(10000) @DefaultValue("40") int sampleDossiers,
        @Min(1) @Max(64) @DefaultValue("4") int feederThreads,
        @Min(0) @Max(65535) @DefaultValue("8092") int pkiPort,
        @NotBlank @DefaultValue("sandbox-pki") String pkiPassword,
        @Min(0) @Max(65535) @DefaultValue("8093") int callbackPort,
        @Min(0) @Max(65535) @DefaultValue("8094") int postalPort,
        @NotNull @DefaultValue("2s") Duration postalStepTime,
        @Min(0) @Max(65535) @DefaultValue("8095") int paymentPort,
        @NotNull @DefaultValue("3s") Duration paymentDelay,
        @Min(0) @Max(65535) @DefaultValue("8096") int ministryPort,
        @NotNull @DefaultValue("2s") Duration ministryStepTime) {
}
