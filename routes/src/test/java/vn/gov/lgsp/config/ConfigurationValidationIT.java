package vn.gov.lgsp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void aCallbackUrlThatIsNotHttpStopsTheStartNamingTheKey(CapturedOutput output) throws Exception {
        assertStartFails(output, "app.onestop.clients.sandbox.callback-url must be an absolute http or https URL",
                "--app.onestop.clients.sandbox.callback-url=ftp://onestop.example.gov.vn/callbacks");
    }

    @Test
    void aCallbackUrlPointingAtTheMiddlewareItselfStopsTheStartNamingTheKey(CapturedOutput output) throws Exception {
        assertStartFails(output, "app.onestop.clients.sandbox.callback-url points at this middleware itself",
                "--server.port=18181", "--app.onestop.clients.sandbox.callback-url=http://localhost:18181/api/v1/callbacks");
    }

    @Test
    void aWrongFlowSettingStopsTheStartNamingTheKey(CapturedOutput output) throws Exception {
        assertStartFails(output, "app.flows.callbacks.maxAttempts", "--app.flows.callbacks.max-attempts=0");
    }

    @Test
    void theRenamedAttemptsKeyStopsTheStartNamingItsNewName(CapturedOutput output) throws Exception {
        assertStartFails(output, "app.flows.portal-sync.max-delivery-attempts is now app.flows.portal-sync.max-attempts",
                "--app.flows.portal-sync.max-delivery-attempts=5");
    }

    @Test
    void aMissingOrWrongAgencyAddressTableStopsTheStartNamingIt(CapturedOutput output) throws Exception {
        assertStartFails(output, "app.flows.postal.agency-addresses: no agency address table at",
                "--app.flows.postal.agency-addresses=no-such-table.yml");
        Path wrong = Files.createTempFile("agency-addresses-", ".yml");
        Files.writeString(wrong, "agencies:\n  - code: 000.00.12\n    name: UBND\n    phone: \"02583511370\"\n"
                + "    address: 1 Trần Phú\n    province: Khánh Hòa\n");
        assertStartFails(output, "agencies[0].code", "--app.flows.postal.agency-addresses=" + wrong);
    }

    private static void assertStartFails(CapturedOutput output, String expected, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--app.data-dir=" + Files.createTempDirectory("lgsp-config-"));
        all.add("--app.sandbox.enabled=false");
        if (all.stream().noneMatch(a -> a.startsWith("--app.flows.postal.agency-addresses="))) {
            all.add("--app.flows.postal.agency-addresses=../config/agency-addresses.yml");
        }
        if (all.stream().noneMatch(a -> a.startsWith("--server.port="))) {
            all.add("--server.port=0");
        }
        SpringApplication app = new SpringApplicationBuilder(LgspApplication.class).build();
        assertThatThrownBy(() -> app.run(all.toArray(String[]::new)).close()).isNotNull();
        // Spring Boot's failure report, printed for the operator, names the property in its configuration form.
        assertThat(output.getAll()).contains(expected);
    }
}
