package vn.gov.lgsp.adapters.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.error.CallGuard;
import vn.gov.lgsp.adapters.error.PeerRejectedException;
import vn.gov.lgsp.adapters.error.PeerTransientException;
import vn.gov.lgsp.adapters.model.Applicant;
import vn.gov.lgsp.adapters.model.ApplicantType;
import vn.gov.lgsp.adapters.model.Attachment;
import vn.gov.lgsp.adapters.model.AttachmentLinks;
import vn.gov.lgsp.adapters.model.Channel;
import vn.gov.lgsp.adapters.model.Dossier;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.DossierStatus;
import vn.gov.lgsp.adapters.model.Fee;
import vn.gov.lgsp.adapters.model.FeeKind;
import vn.gov.lgsp.adapters.model.PeerExchange;
import vn.gov.lgsp.adapters.model.ProcessingStep;
import vn.gov.lgsp.adapters.model.ResultDelivery;
import vn.gov.lgsp.sandbox.SandboxPortal;

/** The portal client against the sandbox portal on loopback, which parses the wire format on its own. */
class PortalClientTest {

    private static final String UNIT = "000.00.00.H56";
    private static final AttachmentLinks LINKS = a -> URI.create("http://127.0.0.1:9/api/v1/attachments/" + a.sha256());

    private static SandboxPortal sandbox;
    private static PortalClient client;
    private static final List<PeerExchange> journal = new CopyOnWriteArrayList<>();
    private static int dossierNumber;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxPortal.start(0, "province", "s3cret", UNIT);
        client = clientFor(sandbox.baseUrl(), "s3cret", Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static PortalClient clientFor(URI base, String password, Duration timeout) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        return new PortalClient(new PortalProperties(base, "province", password, UNIT, SandboxPortal.DSTCODE,
                Duration.ofSeconds(2), timeout), json, journal::add, CallGuard.NONE);
    }

    @Test
    void firstStepCreatesTheHeaderAndLaterStepsUpdateIt() {
        String code = nextCode();
        DossierEvent received = event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận hồ sơ");
        client.syncHeader(new PortalClient.HeaderSync(received, null, null, false), LINKS);
        client.appendProgress(received);
        DossierEvent processing = event(code, 2, DossierStatus.PROCESSING, "Thẩm định hồ sơ");
        client.syncHeader(new PortalClient.HeaderSync(processing, null, null, true), LINKS);
        client.appendProgress(processing);

        assertThat(sandbox.progressStatuses(code)).containsExactly(2, 4);
        assertThat(sandbox.headerStatus(code)).isEqualTo(4);
        assertThat(sandbox.headerWrites(code)).isEqualTo(2);
        assertThat(journal).anyMatch(e -> e.dossierCode().equals(code) && e.operation().equals("DongBoHoSoMC")
                && e.outcome().equals("OK"));
    }

    @Test
    void aDossierThePortalAlreadyHasIsUpdatedNotCreated() {
        String code = nextCode();
        sandbox.preload(code, 2);
        DossierEvent processing = event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận hồ sơ");
        client.syncHeader(new PortalClient.HeaderSync(processing, null, null, false), LINKS);

        assertThat(sandbox.headerWrites(code)).isEqualTo(2);
    }

    @Test
    void aDossierWronglyBelievedKnownIsCreatedAfterTheNotFoundAnswer() {
        String code = nextCode();
        client.syncHeader(new PortalClient.HeaderSync(event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận"), null, null, true), LINKS);

        assertThat(sandbox.headerStatus(code)).isEqualTo(2);
    }

    @Test
    void anExpiredSessionIsRenewedWithoutFailingTheCall() {
        String code = nextCode();
        client.syncHeader(new PortalClient.HeaderSync(event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận"), null, null, false), LINKS);
        long loginsBefore = sandbox.logins();
        sandbox.expireSessions();

        client.appendProgress(event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận"));

        assertThat(sandbox.logins()).isEqualTo(loginsBefore + 1);
        assertThat(sandbox.progressStatuses(code)).containsExactly(2);
    }

    @Test
    void serverErrorsAndTimeOutsAreTransient() {
        String code = nextCode();
        sandbox.failNext(1, 503);
        assertThatThrownBy(() -> client.hasProgress(event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận"))).isInstanceOf(PeerTransientException.class)
                .hasMessageContaining("503");

        sandbox.latency(Duration.ofMillis(1500));
        try {
            PortalClient impatient = clientFor(sandbox.baseUrl(), "s3cret", Duration.ofMillis(300));
            assertThatThrownBy(() -> impatient.hasProgress(event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận"))).isInstanceOf(PeerTransientException.class);
        } finally {
            sandbox.latency(Duration.ZERO);
        }
    }

    @Test
    void anUnreachablePortalIsTransient() {
        PortalClient nowhere = clientFor(URI.create("http://127.0.0.1:1/dvcqg"), "s3cret", Duration.ofSeconds(1));
        assertThatThrownBy(() -> nowhere.hasProgress(event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận"))).isInstanceOf(PeerTransientException.class)
                .extracting(e -> ((PeerTransientException) e).code()).isEqualTo("portal.unreachable");
    }

    @Test
    void wrongCredentialsWaitForAnOperatorInsteadOfRejectingDossiers() {
        PortalClient wrong = clientFor(sandbox.baseUrl(), "not-the-password", Duration.ofSeconds(2));
        assertThatThrownBy(() -> wrong.hasProgress(event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận"))).isInstanceOf(PeerTransientException.class)
                .extracting(e -> ((PeerTransientException) e).code()).isEqualTo("portal.login-failed");
    }

    @Test
    void aStatusThatCannotFollowIsRejectedWithThePortalsReason() {
        String code = nextCode();
        DossierEvent received = event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận");
        client.syncHeader(new PortalClient.HeaderSync(received, null, null, false), LINKS);
        client.appendProgress(received);

        assertThatThrownBy(() -> client.appendProgress(event(code, 2, DossierStatus.RESULT_RETURNED, "Trả kết quả")))
                .isInstanceOf(PeerRejectedException.class)
                .hasMessageContaining("không được phép");
    }

    @Test
    void progressBeforeItsHeaderIsRejected() {
        assertThatThrownBy(() -> client.appendProgress(event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận")))
                .isInstanceOf(PeerRejectedException.class).hasMessageContaining("chưa tồn tại");
    }

    @Test
    void longTextIsCutToThePortalsLimitsWithoutBreakingCharacters() {
        String code = nextCode();
        String officer = "Tôn Nữ Thị Phương Thảo ".repeat(5);
        DossierEvent e = withSummaryAndOfficer(event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận"), "Ghi chú dài ".repeat(200), officer);

        client.syncHeader(new PortalClient.HeaderSync(e, null, null, false), LINKS);
        client.appendProgress(e);

        assertThat(sandbox.progressStatuses(code)).containsExactly(2);
        assertThat(PortalMapper.progress(e).officer()).hasSize(50);
        assertThat(PortalMapper.header(e, null, null, LINKS).summary().codePointCount(0, 1000)).isEqualTo(1000);
    }

    @Test
    void datesAreVietnamTimeWithoutOffset() {
        DossierEvent e = event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận");
        assertThat(PortalMapper.time(OffsetDateTime.parse("2026-11-20T01:15:00Z"))).isEqualTo("20261120081500");
        assertThat(PortalMapper.progress(e).processedAt()).matches("\\d{14}");
    }

    @Test
    void aStepThePortalAlreadyRecordedIsRecognised() {
        String code = nextCode();
        DossierEvent received = event(code, 1, DossierStatus.RECEIVED, "Tiếp nhận");
        client.syncHeader(new PortalClient.HeaderSync(received, null, null, false), LINKS);
        assertThat(client.hasProgress(received)).isFalse();
        client.appendProgress(received);
        assertThat(client.hasProgress(received)).isTrue();
    }

    @Test
    void manyDossiersGoInOneCallEachLoggedWithItsOwnRecord() {
        List<DossierEvent> received = List.of(event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận"),
                event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận"), event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận"));
        journal.clear();

        assertThat(client.syncHeaders(received.stream().map(e -> new PortalClient.HeaderSync(e, null, null, false)).toList(),
                LINKS)).isTrue();
        assertThat(client.appendProgress(received)).isTrue();

        for (DossierEvent e : received) {
            assertThat(sandbox.progressStatuses(e.dossierCode())).containsExactly(2);
            assertThat(journal.stream().filter(x -> x.dossierCode().equals(e.dossierCode())).toList()).hasSize(2)
                    .allMatch(x -> x.outcome().equals("OK") && x.detail().contains("3 dossiers in one call"));
        }
        // Each dossier's entry hashes its own record, not the whole call.
        assertThat(journal.stream().map(x -> java.util.Arrays.hashCode(x.payload())).distinct()).hasSize(6);
    }

    @Test
    void aCallOfManyThePortalRefusesSaysSoWithoutThrowing() {
        String known = nextCode();
        DossierEvent first = event(known, 1, DossierStatus.RECEIVED, "Tiếp nhận");
        client.syncHeader(new PortalClient.HeaderSync(first, null, null, false), LINKS);
        client.appendProgress(first);
        // The second dossier's header was never created: the portal refuses its step, and the call.
        List<DossierEvent> next = List.of(event(known, 2, DossierStatus.PROCESSING, "Thẩm định"),
                event(nextCode(), 1, DossierStatus.RECEIVED, "Tiếp nhận"));

        assertThat(client.appendProgress(next)).isFalse();
        assertThat(client.syncHeaders(List.of(new PortalClient.HeaderSync(first, null, null, false),
                new PortalClient.HeaderSync(next.get(1), null, null, false)), LINKS)).isFalse();
        assertThatThrownBy(() -> client.syncHeaders(List.of(new PortalClient.HeaderSync(first, null, null, true),
                new PortalClient.HeaderSync(next.get(1), null, null, false)), LINKS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static synchronized String nextCode() {
        return String.format("000.00.12.H56-261120-%04d", ++dossierNumber);
    }

    static DossierEvent event(String code, int sequence, DossierStatus status, String note) {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-20T08:15:00+07:00").plusHours(sequence);
        Dossier dossier = new Dossier(code, "1.001612.000.00.00.H56", "Đăng ký thành lập hộ kinh doanh", "000.00.12.H56",
                Channel.ONLINE, new Applicant(ApplicantType.CITIZEN, "Nguyễn Văn An", "001090012345", "0912345678",
                "an@example.vn", "12 Lê Lợi, phường Bến Thành"),
                "Đăng ký hộ kinh doanh quán cà phê", at.minusHours(2), at.minusHours(1), at.plusDays(7), ResultDelivery.POSTAL,
                List.of(new Fee("LP01", "Lệ phí đăng ký", 100000L, FeeKind.CHARGE)),
                List.of(new Attachment("a1", "Giấy đề nghị.pdf", "TP01", "application/pdf", 48213L, "ab".repeat(32), null)));
        return new DossierEvent(UUID.randomUUID().toString(), sequence, at, status,
                new ProcessingStep("Trần Thị Bình", "Chuyên viên", "Bộ phận Một cửa", note, at.plusDays(7)), dossier);
    }

    private static DossierEvent withSummaryAndOfficer(DossierEvent e, String summary, String officer) {
        Dossier d = e.dossier();
        Dossier longer = new Dossier(d.code(), d.procedureCode(), d.procedureName(), d.agencyCode(), d.channel(), d.applicant(),
                summary, d.submittedAt(), d.receivedAt(), d.appointmentAt(), d.resultDelivery(), d.fees(), d.attachments());
        ProcessingStep s = e.step();
        return new DossierEvent(e.eventId(), e.sequence(), e.occurredAt(), e.status(),
                new ProcessingStep(officer, s.title(), s.unit(), s.note(), s.dueAt()), longer);
    }
}
