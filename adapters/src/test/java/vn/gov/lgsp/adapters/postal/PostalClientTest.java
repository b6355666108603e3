package vn.gov.lgsp.adapters.postal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.model.PostalOrder;
import vn.gov.lgsp.adapters.model.PostalParty;
import vn.gov.lgsp.adapters.model.PostalServiceType;
import vn.gov.lgsp.adapters.model.ShipmentReport;
import vn.gov.lgsp.adapters.model.ShipmentStatus;
import vn.gov.lgsp.sandbox.SandboxPostalOperator;

/** The postal adapter against the sandbox operator over loopback: tokens, orders, refusals, failures, tracking. */
class PostalClientTest {

    private static final String CUSTOMER = "KH56UNIT";
    private static SandboxPostalOperator post;
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private final MovableClock clock = new MovableClock();
    private final List<PeerExchange> journal = new CopyOnWriteArrayList<>();
    private PostalClient client;

    @BeforeAll
    static void startOperator() throws Exception {
        post = SandboxPostalOperator.start(0, "unit-lgsp", "unit-secret", CUSTOMER, "unit-hmac", Duration.ofMillis(100));
    }

    @AfterAll
    static void stopOperator() {
        post.close();
    }

    @BeforeEach
    void freshClient() {
        post.reset();
        client = client(post.baseUrl(), "unit-secret");
    }

    @Test
    void oneTokenServesEveryCallUntilItIsAboutToExpire() {
        post.tokenLifetime(Duration.ofMinutes(10));
        long logins = post.logins();
        for (int i = 0; i < 5; i++) {
            client.order(order(PostalServiceType.SEND_DOSSIER, 0));
        }
        assertThat(post.logins() - logins).isEqualTo(1);

        // Within token-renew-before (60 s) of its expiry the token is renewed before the call, never after a refusal.
        clock.advance(Duration.ofMinutes(9).plusSeconds(1));
        long unauthorized = post.unauthorized();
        client.order(order(PostalServiceType.SEND_DOSSIER, 0));
        assertThat(post.logins() - logins).isEqualTo(2);
        assertThat(post.unauthorized()).isEqualTo(unauthorized);
    }

    @Test
    void aRevokedTokenIsRenewedOnceAfterTheRefusal() {
        client.order(order(PostalServiceType.SEND_DOSSIER, 0));
        long logins = post.logins();
        long unauthorized = post.unauthorized();
        post.revokeTokens();

        String itemCode = client.order(order(PostalServiceType.RETURN_RESULT, 50_000));

        assertThat(itemCode).matches(PostalWire.ITEM_CODE);
        assertThat(post.unauthorized() - unauthorized).isEqualTo(1);
        assertThat(post.logins() - logins).isEqualTo(1);
    }

    @Test
    void anOrderIsPlacedWithTheWireFieldsAndItsItemCodeReturned() {
        PostalOrder order = order(PostalServiceType.RETURN_RESULT, 100_000);
        String itemCode = client.order(order);

        SandboxPostalOperator.Shipment shipment = post.shipment(itemCode);
        assertThat(shipment.orderNumber()).isEqualTo(order.dossierCode());
        assertThat(shipment.serviceType()).isEqualTo("RETURN_RESULT");
        assertThat(shipment.codAmount()).isEqualTo(100_000);
        assertThat(journal).anyMatch(e -> e.operation().equals("order RETURN_RESULT") && e.outcome().equals("OK"));
    }

    @Test
    void theOperatorsRefusalCarriesItsStatusAndMessage() {
        post.refuseNext(1, "102", "Địa chỉ không hợp lệ");
        assertThatThrownBy(() -> client.order(order(PostalServiceType.SEND_DOSSIER, 0)))
                .isInstanceOfSatisfying(PostalRefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo("postal.rejected.102");
                    assertThat(e.status()).isEqualTo("102");
                    assertThat(e.operatorMessage()).isEqualTo("Địa chỉ không hợp lệ");
                });
        // The sandbox checks the contract: a SEND_DOSSIER never carries cash on delivery.
        assertThatThrownBy(() -> client.order(order(PostalServiceType.SEND_DOSSIER, 5_000)))
                .isInstanceOfSatisfying(PostalRefusedException.class, e -> assertThat(e.operatorMessage()).contains("CODAmount"));
    }

    @Test
    void failuresAreTransientAndSayWhetherTheOperatorMayHaveActed() {
        client.order(order(PostalServiceType.SEND_DOSSIER, 0));
        post.failNext(1);
        assertThatThrownBy(() -> client.order(order(PostalServiceType.SEND_DOSSIER, 0)))
                .isInstanceOfSatisfying(PeerTransientException.class, e -> {
                    assertThat(e.code()).isEqualTo("postal.unavailable");
                    assertThat(e.peerMayHaveActed()).isFalse();
                });
        PostalClient nowhere = client(URI.create("http://127.0.0.1:1/postal"), "unit-secret");
        assertThatThrownBy(() -> nowhere.order(order(PostalServiceType.SEND_DOSSIER, 0)))
                .isInstanceOfSatisfying(PeerTransientException.class, e -> assertThat(e.peerMayHaveActed()).isFalse());
        PostalClient wrongSecret = client(post.baseUrl(), "not-the-secret");
        assertThatThrownBy(() -> wrongSecret.order(order(PostalServiceType.SEND_DOSSIER, 0)))
                .isInstanceOfSatisfying(PeerTransientException.class, e -> assertThat(e.code()).isEqualTo("postal.login-failed"));
    }

    @Test
    void trackingReturnsEveryStatusOfEveryShipmentOfTheOrderNumberAndACancellationEndsIt() {
        // The shipment stays where the operator accepted it, so the cancellation cannot race its delivery.
        post.halt(true);
        PostalOrder order = order(PostalServiceType.SEND_DOSSIER, 0);
        String itemCode = client.order(order);
        client.cancel(order.dossierCode(), itemCode);

        List<ShipmentReport> history = client.track(order.dossierCode());
        assertThat(history).allMatch(r -> r.itemCode().equals(itemCode) && r.orderNumber().equals(order.dossierCode()));
        assertThat(history).extracting(ShipmentReport::status).containsExactly(ShipmentStatus.ACCEPTED, ShipmentStatus.CANCELLED);
        assertThat(history.get(0).statusTime().getOffset()).isEqualTo(ZoneOffset.ofHours(7));
        // Cancelling again is harmless; an ended shipment stays as it is.
        client.cancel(order.dossierCode(), itemCode);
    }

    private PostalClient client(URI base, String secret) {
        PostalProperties properties = new PostalProperties(base, "unit-lgsp", secret, CUSTOMER, "unit-hmac",
                Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new PostalClient(properties, new ObjectMapper(), journal::add, CallGuard.NONE, clock);
    }

    private static PostalOrder order(PostalServiceType type, long cod) {
        String code = String.format("000.00.12.H56-261120-%04d", NUMBER.incrementAndGet());
        PostalParty applicant = new PostalParty("Nguyễn Văn An", "0912345678", "12 Lê Lợi, phường Bến Thành", "");
        PostalParty agency = new PostalParty("Bộ phận Một cửa UBND phường Nha Trang", "02583511370", "1 Trần Phú",
                "Khánh Hòa");
        return type == PostalServiceType.SEND_DOSSIER
                ? new PostalOrder(code, type, cod, applicant, agency, "Hồ sơ " + code)
                : new PostalOrder(code, type, cod, agency, applicant, "Kết quả hồ sơ " + code);
    }

    /** A clock the test moves forward; the sandbox's tokens still expire by the real one. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
