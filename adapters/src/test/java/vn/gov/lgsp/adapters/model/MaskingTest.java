package vn.gov.lgsp.adapters.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Citizen identifiers and phone numbers never reach a log line whole; codes, ids and amounts stay readable. */
class MaskingTest {

    @Test
    void identifiersAndPhonesInFreeTextAreMasked() {
        assertThat(Masking.maskText("Applicant 001090012345 (old card 123456789), phone 0912345678 or +84912345678"))
                .isEqualTo("Applicant *********345 (old card ******789), phone *******678 or *********678");
        assertThat(Masking.maskText("{\"idNumber\":\"086088153493\",\"phone\":\"0962809304\"}"))
                .isEqualTo("{\"idNumber\":\"*********493\",\"phone\":\"*******304\"}");
    }

    @Test
    void codesIdentifiersOfMessagesTimesAndLongerNumbersAreLeftAlone() {
        String line = "Dossier 000.00.31.H56-261116-0001 step 3, event 64b0bb14-2f21-7e72-0f65-063812345678, item "
                + "S10012345678VN, at 20261128070000, 1391000 VND, epoch 1764290000123, agency 000.00.00.G12";
        assertThat(Masking.maskText(line)).isEqualTo(line);
    }
}
