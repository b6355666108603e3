package vn.gov.lgsp.adapters.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodesTest {

    @ParameterizedTest
    @ValueSource(strings = {"000.00.12.H56-261120-0007", "000.00.00.G22-240229-9999"})
    void wellFormedDossierCodesAreAccepted(String code) {
        assertThat(Codes.isDossierCode(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"000.00.12.H56-261340-0007", "000.00.12.H56-250229-0001", "000.00.12.X56-261120-0007",
        "000.00.12.H56-261120-007", "000.00.12.H56_261120_0007", " 000.00.12.H56-261120-0007", ""})
    void dossierCodesWithABadFormOrAnImpossibleDateAreRefused(String code) {
        assertThat(Codes.isDossierCode(code)).isFalse();
    }

    @Test
    void procedureCodesMayCarryAnAgencyCode() {
        assertThat("1.001612").matches(Codes.PROCEDURE);
        assertThat("1.001612.000.00.00.H56").matches(Codes.PROCEDURE);
        assertThat("1.00161").doesNotMatch(Codes.PROCEDURE);
        assertThat("1.001612.H56").doesNotMatch(Codes.PROCEDURE);
    }

    @Test
    void personalIdsHaveTwelveDigitsOrNineOnOldCards() {
        assertThat("001090012345").matches(Codes.PERSONAL_ID);
        assertThat("123456789").matches(Codes.PERSONAL_ID);
        assertThat("12345678901").doesNotMatch(Codes.PERSONAL_ID);
    }

    @Test
    void statusesFollowTheNationalLifecycle() {
        assertThat(DossierStatus.RECEIVED.canFollow(null)).isTrue();
        assertThat(DossierStatus.SUBMITTED_ONLINE.canFollow(null)).isTrue();
        assertThat(DossierStatus.PROCESSING.canFollow(null)).isFalse();
        assertThat(DossierStatus.PROCESSING.canFollow(DossierStatus.PROCESSING)).isTrue();
        assertThat(DossierStatus.RECEIVED.canFollow(DossierStatus.SUPPLEMENT_REQUESTED)).isTrue();
        assertThat(DossierStatus.PROCESSED.canFollow(DossierStatus.RECEIVED)).isFalse();
        assertThat(DossierStatus.RESULT_RETURNED.canFollow(DossierStatus.PROCESSED)).isTrue();
        assertThat(DossierStatus.RESULT_RETURNED.canFollow(DossierStatus.PROCESSING)).isFalse();
        assertThat(DossierStatus.WITHDRAWN.canFollow(DossierStatus.PAYMENT_REQUESTED)).isTrue();
    }

    @Test
    void unknownStatusCodesAreNamedInTheError() {
        assertThatThrownBy(() -> DossierStatus.fromCode(11)).hasMessageContaining("unknown dossier status 11");
    }

    @Test
    void identifiersAreMaskedForLogs() {
        Applicant a = new Applicant(ApplicantType.CITIZEN, "Nguyễn Văn An", "001090012345", "0912345678", null, null);
        assertThat(a.toString()).doesNotContain("001090012345").doesNotContain("0912345678").contains("*********345");
    }
}
