package vn.gov.lgsp.adapters.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the province sends a ministry at one step of an inter-agency chain (liên thông), the {@code DossierPackage}
 * of DOMAIN 6: the dossier, its applicant, the chain step and its due time, and the documents that travel with it.
 *
 * @param chainName as in the chain table ({@code birth}, {@code death})
 * @param step      1-based position of this ministry in the chain
 */
public record MinistryPackage(String messageId, OffsetDateTime sentAt, String sender, String receiver,
                              String dossierCode, String procedureCode, String chainName, int step, int steps,
                              OffsetDateTime dueAt, Applicant applicant, String summary,
                              List<InterAgencyDocument> documents) {

    public MinistryPackage {
        documents = List.copyOf(documents);
    }
}
