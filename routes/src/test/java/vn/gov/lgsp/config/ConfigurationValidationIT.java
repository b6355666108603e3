package vn.gov.lgsp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.gov.lgsp.LgspApplication;

/** A wrong or missing setting stops the start with a message naming the key, as the operator reads it. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationValidationIT {

    @Test
    void aMalformedUnitCodeStopsTheStartNamingTheKey(CapturedOutput output) throws Exception {
        assertStartFails(output, "Property: app.peers.portal.unitCode", "--app.peers.portal.unit-code=H56");
    }

    @Test
    void aShortApiKeyStopsTheStartNamingTheKey(CapturedOutput output) throws Exception {
        assertStartFails(output, "Property: app.onestop.clients[sandbox].apiKey", "--app.onestop.clients.sandbox.api-key=short");
    }

    @Test
    void theProductionProfileRequiresRealPortalSettings(CapturedOutput output) throws Exception {
        assertStartFails(output, "Property: app.peers.portal.baseUrl", "--spring.profiles.active=production",
                "--app.onestop.clients.province.api-key=0123456789abcdef0123");
    }

    private static void assertStartFails(CapturedOutput output, String expected, String... args) throws Exception {
        Path dataDir = Files.createTempDirectory("lgsp-config-");
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--app.data-dir=" + dataDir;
        all[args.length + 1] = "--server.port=0";
        all[args.length + 2] = "--app.sandbox.enabled=false";
        SpringApplication app = new SpringApplicationBuilder(LgspApplication.class).build();
        assertThatThrownBy(() -> app.run(all).close()).isNotNull();
        // Spring Boot's failure report, printed for the operator, names the property in its configuration form.
        assertThat(output.getAll()).contains(expected);
    }
}
