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

    /** A chain table without chains: the tests of other settings need no ministry addresses or signing key. */
    private static final Path NO_CHAINS;

    static {
        try {
            NO_CHAINS = Files.createTempFile("no-chains-", ".yml");
            Files.writeString(NO_CHAINS, "holidays: []\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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
        assertStartFails(output, "Property: app.peers.portal.baseUrl", production(PAYMENT, POSTAL));
    }

    @Test
    void theProductionProfileRequiresRealPaymentSettings(CapturedOutput output) throws Exception {
        assertStartFails(output, "Property: app.peers.payment.baseUrl", production(PORTAL, POSTAL));
    }

    @Test
    void theProductionProfileRequiresRealPostalSettings(CapturedOutput output) throws Exception {
        assertStartFails(output, "Property: app.peers.postal.baseUrl", production(PORTAL, PAYMENT));
    }

    private static final List<String> PORTAL = List.of("--app.peers.portal.base-url=https://dvcqg.example.gov.vn/api",
            "--app.peers.portal.username=h56", "--app.peers.portal.password=s3cret",
            "--app.peers.portal.unit-code=000.00.00.H56");
    private static final List<String> PAYMENT = List.of("--app.peers.payment.base-url=https://pay.example.gov.vn/api",
            "--app.peers.payment.partner-code=H56", "--app.peers.payment.secret=s3cret",
            "--app.peers.payment.qr.bank-bin=970415", "--app.peers.payment.qr.account=113366668888");
    private static final List<String> POSTAL = List.of("--app.peers.postal.base-url=https://post.example.vn/api",
            "--app.peers.postal.client-id=lgsp", "--app.peers.postal.client-secret=s3cret",
            "--app.peers.postal.customer-code=KH56", "--app.peers.postal.hmac-key=s3cret");

    /** The production profile with one-stop client and the settings of the peers given; the others missing. */
    @SafeVarargs
    private static String[] production(List<String>... peers) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=production",
                "--app.onestop.clients.province.api-key=0123456789abcdef0123"));
        for (List<String> peer : peers) {
            args.addAll(peer);
        }
        return args.toArray(String[]::new);
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
        assertStartFails(output, "app.flows.postal.agency-addresses: no table at",
                "--app.flows.postal.agency-addresses=no-such-table.yml");
        Path wrong = Files.createTempFile("agency-addresses-", ".yml");
        Files.writeString(wrong, "agencies:\n  - code: 000.00.12\n    name: UBND\n    phone: \"02583511370\"\n"
                + "    address: 1 Trần Phú\n    province: Khánh Hòa\n");
        assertStartFails(output, "agencies[0].code", "--app.flows.postal.agency-addresses=" + wrong);
    }

    @Test
    void aMissingChainTableOrAChainToAMinistryWithoutAnAddressStopsTheStartNamingIt(CapturedOutput output) throws Exception {
        assertStartFails(output, "app.flows.ministries.chains: no table at",
                "--app.flows.ministries.chains=no-such-table.yml");
        assertStartFails(output, "app.peers.ministries[000.00.00.G99].endpoint is not set",
                "--app.flows.ministries.chains=" + chains("000.00.00.G99", 1));
        assertStartFails(output, "steps[0].agency", "--app.flows.ministries.chains=" + chains("G12", 1));
        assertStartFails(output, "steps[0].dueWorkingDays", "--app.flows.ministries.chains=" + chains("000.00.00.G12", 0));
    }

    @Test
    void chainsToMinistriesWithoutTheProvincesSigningKeyStopTheStart(CapturedOutput output) throws Exception {
        assertStartFails(output, "app.signatures.signing.* must be set",
                "--app.flows.ministries.chains=../config/ministry-chains.yml");
    }

    private static Path chains(String agency, int dueWorkingDays) throws java.io.IOException {
        Path table = Files.createTempFile("ministry-chains-", ".yml");
        Files.writeString(table, "chains:\n  birth:\n    procedures: [\"1.001193\"]\n    steps:\n      - agency: " + agency
                + "\n        due-working-days: " + dueWorkingDays + "\n");
        return table;
    }

    private static void assertStartFails(CapturedOutput output, String expected, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--app.data-dir=" + Files.createTempDirectory("lgsp-config-"));
        all.add("--app.sandbox.enabled=false");
        if (all.stream().noneMatch(a -> a.startsWith("--app.flows.postal.agency-addresses="))) {
            all.add("--app.flows.postal.agency-addresses=../config/agency-addresses.yml");
        }
        if (all.stream().noneMatch(a -> a.startsWith("--app.flows.ministries.chains="))) {
            all.add("--app.flows.ministries.chains=" + NO_CHAINS);
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
