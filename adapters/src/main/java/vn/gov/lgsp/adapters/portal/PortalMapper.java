package vn.gov.lgsp.adapters.portal;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import vn.gov.lgsp.adapters.model.Applicant;
import vn.gov.lgsp.adapters.model.AttachmentLinks;
import vn.gov.lgsp.adapters.model.Dossier;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.FeeKind;
import vn.gov.lgsp.adapters.model.ProcessingStep;

/** Canonical dossier ↔ portal wire shapes. Pure: no I/O. */
final class PortalMapper {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final DateTimeFormatter PORTAL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(VIETNAM);
    static final int SUMMARY_LIMIT = 1000;
    static final int OFFICER_LIMIT = 50;

    private PortalMapper() {
    }

    /**
     * The dossier header as of {@code event}.
     *
     * @param finishedAt when the dossier reached "processed" (9), if it has; the portal keeps it on later updates
     * @param returnedAt when the result was returned (10), if it has
     */
    static PortalWire.DossierHeader header(DossierEvent event, OffsetDateTime finishedAt, OffsetDateTime returnedAt,
                                           AttachmentLinks links) {
        Dossier d = event.dossier();
        Applicant a = d.applicant();
        return new PortalWire.DossierHeader(
                d.code(), d.procedureCode(), d.procedureName(),
                switch (d.channel()) {
                    case DIRECT -> 1;
                    case ONLINE -> 2;
                    case POSTAL -> 3;
                },
                a.fullName(),
                switch (a.type()) {
                    case CITIZEN -> 1;
                    case ENTERPRISE -> 2;
                    case AGENCY -> 3;
                    case OTHER -> 4;
                },
                a.idNumber(), a.phone(), a.email(),
                fit(d.summary(), SUMMARY_LIMIT),
                time(d.submittedAt()), time(d.receivedAt()), time(d.appointmentAt()),
                time(finishedAt), time(returnedAt),
                event.status().code(),
                // HinhThuc has two values: the result is either collected (counter, or online download) or posted.
                switch (d.resultDelivery()) {
                    case POSTAL -> 1;
                    case COUNTER, ELECTRONIC -> 0;
                },
                d.agencyCode(),
                d.attachments().stream()
                        .map(att -> new PortalWire.SubmittedDocument(att.id(), att.name(), att.componentCode(),
                                links.linkFor(att).toString()))
                        .toList(),
                d.fees().stream()
                        .map(f -> new PortalWire.FeeLine(f.name(), f.code(), f.amount(), f.kind() == FeeKind.FEE ? 1 : 2))
                        .toList(),
                List.of());
    }

    /** The processing-step record for {@code event}. */
    static PortalWire.Progress progress(DossierEvent event) {
        ProcessingStep s = event.step();
        return new PortalWire.Progress(
                event.dossierCode(), fit(s.officer(), OFFICER_LIMIT), s.title(), time(event.occurredAt()), s.unit(),
                s.note(), event.status().code(), time(event.occurredAt()), time(s.dueAt()));
    }

    static String time(OffsetDateTime t) {
        return t == null ? null : PORTAL_TIME.format(t);
    }

    /** Cuts to {@code max} characters without splitting a surrogate pair. */
    static String fit(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }
}
