package vn.gov.lgsp.sandbox;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import vn.gov.lgsp.adapters.payment.PaymentProperties;
import vn.gov.lgsp.adapters.portal.PortalProperties;
import vn.gov.lgsp.adapters.postal.PostalProperties;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;
import vn.gov.lgsp.config.AppProperties;
import vn.gov.lgsp.config.AccessProperties;
import vn.gov.lgsp.ministries.MinistryChains;
import vn.gov.lgsp.ministries.MinistryLedger;
import vn.gov.lgsp.parking.ParkedMessages;
import vn.gov.lgsp.payment.Payments;
import vn.gov.lgsp.postal.PostalShipments;

/**
 * The default run: simulated peers on loopback, and sample dossiers fed through the one-stop API once the
 * middleware is up, with a summary of what reached the portal, the one-stop software and the post. Off in the
 * production profile.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "app.sandbox.enabled", havingValue = "true")
public class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);
    private static final int POSTAL_PUSHES_LOST = 3;
    private static final int DELIVERED = 4;
    private static final int PAYMENT_NOTIFICATIONS_LOST = 2;
    private static final Duration POSTAL_WAIT = Duration.ofMinutes(3);

    /** The simulated national portal, accepting exactly the credentials the portal adapter is configured with. */
    @Bean(destroyMethod = "close")
    SandboxPortal sandboxPortal(SandboxProperties sandbox, PortalProperties portal) throws IOException {
        return SandboxPortal.start(sandbox.portalPort(), portal.username(), portal.password(), portal.unitCode());
    }

    /** The sandbox CA hierarchy with OCSP, CRLs and a TSA on loopback, made at first start under the data dir. */
    @Bean(destroyMethod = "close")
    SandboxPki sandboxPki(SandboxProperties sandbox, AppProperties app) throws IOException, GeneralSecurityException {
        return SandboxPki.openOrCreate(app.dataDir().resolve("pki"), sandbox.pkiPort(), sandbox.pkiPassword().toCharArray());
    }

    /** The simulated one-stop software taking callbacks, checking them with the sandbox client's key. */
    @Bean(destroyMethod = "close")
    SandboxCallbackReceiver sandboxCallbackReceiver(SandboxProperties sandbox, AccessProperties access) throws IOException {
        return SandboxCallbackReceiver.start(sandbox.callbackPort(), sampleClient(access).getValue().apiKey());
    }

    /** The simulated postal operator, taking exactly the credentials the postal adapter is configured with. */
    @Bean(destroyMethod = "close")
    SandboxPostalOperator sandboxPostalOperator(SandboxProperties sandbox, PostalProperties postal) throws IOException {
        return SandboxPostalOperator.start(sandbox.postalPort(), postal.clientId(), postal.clientSecret(),
                postal.customerCode(), postal.hmacKey(), sandbox.postalStepTime());
    }

    /** The simulated payment platform, with the partner code and secret the payment adapter is configured with. */
    @Bean(destroyMethod = "close")
    SandboxPaymentPlatform sandboxPaymentPlatform(SandboxProperties sandbox, PaymentProperties payment) throws IOException {
        return SandboxPaymentPlatform.start(sandbox.paymentPort(), payment.partnerCode(), payment.secret(),
                sandbox.paymentDelay());
    }

    @Bean
    SampleRun sampleRun(SandboxProperties sandbox, SandboxPortal portal, SandboxCallbackReceiver onestop,
                        SandboxPostalOperator post, SandboxPaymentPlatform platform, SandboxMinistries ministries,
                        AccessProperties access, ParkedMessages parked, PostalShipments shipments, Payments payments,
                        MinistryLedger chains) {
        return new SampleRun(sandbox, portal, onestop, post, platform, ministries, access, parked, shipments, payments,
                chains);
    }

    /** The simulated ministries of the chain table, each signing with its own key from the sandbox PKI. */
    @Bean(destroyMethod = "close")
    SandboxMinistries sandboxMinistries(SandboxProperties sandbox, SandboxPki pki, MinistryChains chains) throws IOException {
        return SandboxMinistries.start(sandbox.ministryPort(), sandboxMinistries(pki, chains.agencies()),
                pki.rootCertificate(), SandboxPki.AGENCIES.get(0).code(), sandbox.ministryStepTime());
    }

    /** Sandbox ministries with their keys from the sandbox PKI. */
    public static List<SandboxMinistries.Ministry> sandboxMinistries(SandboxPki pki, Collection<String> agencies) {
        return agencies.stream().map(agency -> {
            SigningKey key = pki.signingKey(agency);
            return new SandboxMinistries.Ministry(agency, key.privateKey(), key.chain());
        }).toList();
    }

    /** The one-stop client the samples are sent as: the first configured. */
    private static Map.Entry<String, AccessProperties.Client> sampleClient(AccessProperties access) {
        return access.onestop().clients().entrySet().iterator().next();
    }

    /** Feeds the sample dossiers once the middleware is ready, then prints where to look and what arrived. */
    static final class SampleRun {
        private final SandboxProperties sandbox;
        private final SandboxPortal portal;
        private final SandboxCallbackReceiver onestop;
        private final SandboxPostalOperator post;
        private final SandboxPaymentPlatform platform;
        private final SandboxMinistries ministries;
        private final AccessProperties access;
        private final ParkedMessages parked;
        private final PostalShipments shipments;
        private final Payments payments;
        private final MinistryLedger chains;

        SampleRun(SandboxProperties sandbox, SandboxPortal portal, SandboxCallbackReceiver onestop,
                  SandboxPostalOperator post, SandboxPaymentPlatform platform, SandboxMinistries ministries,
                  AccessProperties access, ParkedMessages parked, PostalShipments shipments, Payments payments,
                  MinistryLedger chains) {
            this.sandbox = sandbox;
            this.portal = portal;
            this.onestop = onestop;
            this.post = post;
            this.platform = platform;
            this.ministries = ministries;
            this.access = access;
            this.parked = parked;
            this.shipments = shipments;
            this.payments = payments;
            this.chains = chains;
        }

        @EventListener
        void onReady(ApplicationReadyEvent ready) {
            int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port;
            post.pushTo(URI.create(base + "/api/v1/postal/tracking"));
            // A few deliveries are never pushed, as in real life: the pull of quiet orders learns them.
            post.skipNextPushes(POSTAL_PUSHES_LOST, DELIVERED);
            platform.confirmTo(URI.create(base + "/api/v1/payments/confirm"));
            // A few payment notifications are lost too: QUERY finds those payments settled.
            platform.dropNext(PAYMENT_NOTIFICATIONS_LOST);
            ministries.replyTo(URI.create(base + "/services/inter-agency"));
            log.info("Sandbox: operations console at {}/console, log in as {}", base, consoleLogins());
            var client = sampleClient(access);
            Thread feeder = new Thread(() -> feed(base, client.getKey(), client.getValue().apiKey()), "sandbox-feeder");
            feeder.setDaemon(true);
            feeder.start();
        }

        /** The sandbox's console accounts: user name and key (its password), with the role. */
        private String consoleLogins() {
            return access.operators().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " / " + e.getValue().apiKey() + " (" + e.getValue().role().name().toLowerCase() + ")")
                    .collect(Collectors.joining(" or "));
        }

        private void feed(String base, String clientName, String apiKey) {
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
            List<List<com.fasterxml.jackson.databind.node.ObjectNode>> dossiers =
                    new SampleDossiers(today.toEpochDay(), today).dossiers(sandbox.sampleDossiers());
            int events = dossiers.stream().mapToInt(List::size).sum();
            log.info("Sandbox: sending {} sample dossiers ({} events) as one-stop client '{}'", dossiers.size(), events, clientName);
            // One dossier is refused by the portal, so that the console has a parked message to show and to replay.
            String refused = dossiers.isEmpty() ? null : dossiers.get(0).get(0).path("dossier").path("code").asText();
            int refusedSteps = dossiers.isEmpty() ? 0 : dossiers.get(0).size();
            if (refused != null) {
                portal.refuseDossier(refused, "TrichYeuHoSo: nội dung vượt quá độ dài cho phép (sandbox)");
            }
            try {
                SampleFeeder.Result result = new SampleFeeder(URI.create(base + "/api/v1/dossier-events"), apiKey)
                        .feed(dossiers, sandbox.feederThreads(), today.toEpochDay());
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                // Each step the portal takes is told back to the one-stop software (PORTAL_SYNCED).
                long postalDeadline = System.nanoTime() + POSTAL_WAIT.toNanos();
                while ((portal.progressCount() < result.accepted() - refusedSteps || onestop.acknowledged() < result.accepted())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                // Shipments take a few simulated steps, and the pull of the lost pushes waits for pull-after.
                while ((shipments.openOrders() > 0 || payments.unsettled() > 0
                        || chains.running() > 0) && System.nanoTime() < postalDeadline) {
                    Thread.sleep(500);
                }
                String example = refused == null ? "<code>" : refused;
                log.info("""

                        ================================================================================
                        LGSP middleware is running with sandbox peers.
                          console          {}/console   (log in as {})
                          one-stop API     POST {}/api/v1/dossier-events   (header X-API-Key)
                          a dossier        GET  {}/api/v1/dossiers/{}
                          parked messages  GET  {}/api/v1/parked
                          health           {}/actuator/health
                          metrics          {}/actuator/prometheus
                          sandbox portal   {}
                          postal tracking  POST {}/api/v1/postal/tracking   (header X-Signature)
                          reconciliations  POST|GET {}/api/v1/reconciliations/{payments,postal-cod}/{}   (or .csv; operator key)
                          payment CONFIRM  POST {}/api/v1/payments/confirm
                          inter-agency     {}/services/inter-agency?wsdl   (SOAP, for ministries)
                          sandbox one-stop {} (takes callbacks)
                          sandbox post     {}
                          sandbox payments {}
                          sandbox ministries {}
                        Sample run: {} events accepted, {} refused by the one-stop API.
                        The sandbox portal holds {} dossiers and {} processing steps; {} parked; {} portal refusals.
                        The sandbox one-stop software acknowledged {} callbacks (HMAC checked; {} out of order, {} repeats, {} bad signatures).
                        The sandbox post took {} orders ({} refused, {} cancelled), delivered {} shipments and collected {} VND
                        on delivery; {} tracking pushes acknowledged, {} never sent; {} statuses learned by pulling quiet orders;
                        {} orders still open.
                        The sandbox payment platform took {} payment requests ({} refused); {} paid, {} notifications lost and
                        {} payments settled by QUERY; {} unsettled.
                        Inter-agency chains by state: {} (birth: 1.001193, death: 1.011537); the sandbox ministries took {}
                        signed packages (receipts checked), and the province acknowledged {} statuses and {} results;
                        {} problems seen by the ministries.
                        ================================================================================""",
                        base, consoleLogins(), base, base, example, base, base, base, portal.baseUrl(), base, base, today, base, base,
                        onestop.url(), post.baseUrl(), platform.baseUrl(), ministries.baseUrl(),
                        result.accepted(),
                        result.refused(), portal.dossierCount(), portal.progressCount(), parked.countOpen(),
                        portal.refusals(), onestop.acknowledged(), onestop.outOfOrder(), onestop.repeats(),
                        onestop.badSignatures(), post.orders(), post.refusedOrders(), post.cancels(), post.deliveries(),
                        post.collected(), post.pushesAcknowledged(), post.pushesSkipped(), shipments.learnedByPull(),
                        shipments.openOrders(), platform.inits(), platform.refusedInits(), platform.paid(),
                        platform.confirmsDropped(), payments.settledByQuery(), payments.unsettled(),
                        chains.chainsByNameAndState(), ministries.accepted().size(), ministries.statusesAcknowledged(),
                        ministries.resultsAcknowledged(), ministries.problems().size());
                ministries.problems().forEach(problem -> log.warn("Sandbox ministries: {}", problem));
                if (refused != null) {
                    portal.acceptDossier(refused);
                    log.info("Sandbox: the portal refused dossier {} and its first step is parked; the portal takes it now: "
                            + "replay it in the console ({}/console/parked) and its {} steps reach the portal.", refused, base,
                            refusedSteps);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
