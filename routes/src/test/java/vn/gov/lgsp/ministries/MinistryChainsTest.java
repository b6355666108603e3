package vn.gov.lgsp.ministries;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The shipped chain table and its working-day calendar (Saturdays, Sundays, the listed holidays, the 15:00 cut-off). */
class MinistryChainsTest {

    private static final MinistryChains CHAINS = MinistryChains.load(Path.of("../config/ministry-chains.yml"));

    @Test
    void theReferenceChainsAreFoundByTheProceduresBaseCode() {
        assertThat(CHAINS.forProcedure("1.001193.000.00.00.H56")).get().extracting(MinistryChains.Named::name)
                .isEqualTo("birth");
        assertThat(CHAINS.forProcedure("1.011537")).get().extracting(c -> c.steps().stream()
                .map(MinistryChains.ChainStep::agency).toList())
                .isEqualTo(java.util.List.of("000.00.00.G12", "000.00.00.G10", "000.00.00.G20"));
        assertThat(CHAINS.forProcedure("1.001612.000.00.00.H56")).isEmpty();
    }

    @Test
    void aStepSentOnAWorkingDayMorningIsDueThatEvening() {
        assertThat(CHAINS.dueAt(at("2026-11-27T10:00:00+07:00"), 1)).isEqualTo(at("2026-11-27T23:59:59+07:00"));
    }

    @Test
    void aStepSentAfterTheCutOffOnFridayCountsFromMonday() {
        assertThat(CHAINS.dueAt(at("2026-11-27T15:30:00+07:00"), 1)).isEqualTo(at("2026-11-30T23:59:59+07:00"));
        assertThat(CHAINS.dueAt(at("2026-11-28T09:00:00+07:00"), 2)).isEqualTo(at("2026-12-01T23:59:59+07:00"));
    }

    @Test
    void holidaysAndTheWeekendAfterThemAreSkipped() {
        // 30 April and 1 May are holidays, then a weekend: sent Wednesday after 15:00, counted from Monday 4 May.
        assertThat(CHAINS.dueAt(at("2026-04-29T16:00:00+07:00"), 1)).isEqualTo(at("2026-05-04T23:59:59+07:00"));
        // New Year's Day on a Friday: three working days from Thursday 31 December end on Tuesday 5 January.
        assertThat(CHAINS.dueAt(at("2026-12-31T08:00:00+07:00"), 3)).isEqualTo(at("2027-01-05T23:59:59+07:00"));
    }

    @Test
    void aTimeInAnotherOffsetIsCountedInVietnam() {
        // 09:00 UTC is 16:00 in Hanoi: after the cut-off.
        assertThat(CHAINS.dueAt(at("2026-11-26T09:00:00Z"), 1)).isEqualTo(at("2026-11-27T23:59:59+07:00"));
    }

    private static OffsetDateTime at(String text) {
        return OffsetDateTime.parse(text);
    }
}
