package vn.gov.lgsp.ministries;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.DefaultValue;
import vn.gov.lgsp.adapters.model.Codes;
import vn.gov.lgsp.config.ConfigTables;

/**
 * The inter-agency chains (liên thông) of {@code config/ministry-chains.yml}: which procedures go through which
 * ministries, in order, each step due within some working days; and the calendar those days are counted on
 * (Saturdays, Sundays and the listed public holidays excluded; a package sent after the cut-off time counts from the
 * next working day). Configured, not coded: a province adds a chain by adding rows.
 */
public final class MinistryChains {

    /** One step: the ministry's agency code and its due time in working days. */
    public record ChainStep(@NotNull @Pattern(regexp = Codes.AGENCY, message = "must be an agency code ddd.dd.dd.Xdd") String agency,
                            @Min(1) int dueWorkingDays) {
    }

    /** A chain: the procedures (base codes d.dddddd) that take it and its ordered steps. */
    public record Chain(@NotEmpty List<@Pattern(regexp = "\\d\\.\\d{6}", message = "must be a procedure code d.dddddd") String> procedures,
                        @NotEmpty List<@Valid ChainStep> steps) {
    }

    /** The whole table as it is written. */
    public record Table(Map<String, @Valid Chain> chains, List<LocalDate> holidays,
                        @DefaultValue("15:00") LocalTime cutOff, @DefaultValue("Asia/Ho_Chi_Minh") ZoneId zone) {
    }

    /** A chain with its name, as a dossier runs it. */
    public record Named(String name, List<ChainStep> steps) {
    }

    private final Map<String, Named> byProcedure;
    private final Set<LocalDate> holidays;
    private final LocalTime cutOff;
    private final ZoneId zone;

    MinistryChains(Table table) {
        Map<String, Named> procedures = new HashMap<>();
        (table.chains() == null ? Map.<String, Chain>of() : table.chains()).forEach((name, chain) -> chain.procedures().forEach(procedure -> {
            if (procedures.put(procedure, new Named(name, List.copyOf(chain.steps()))) != null) {
                throw new IllegalStateException("the chain table gives procedure " + procedure + " two chains");
            }
        }));
        this.byProcedure = Map.copyOf(procedures);
        this.holidays = Set.copyOf(table.holidays() == null ? List.of() : table.holidays());
        this.cutOff = table.cutOff();
        this.zone = table.zone();
    }

    public static MinistryChains load(Path file) {
        return new MinistryChains(ConfigTables.read(file, "app.flows.ministries.chains", "", Bindable.of(Table.class),
                new Table(Map.of(), List.of(), LocalTime.of(15, 0), ZoneId.of("Asia/Ho_Chi_Minh"))));
    }

    /** The chain of a procedure, matched on its base code (an agency suffix, {@code 1.001193.000.00.00.H56}, is ignored). */
    public Optional<Named> forProcedure(String procedureCode) {
        if (procedureCode == null || procedureCode.length() < 8) {
            return Optional.empty();
        }
        return Optional.ofNullable(byProcedure.get(procedureCode.substring(0, 8)));
    }

    /** Every ministry some chain goes through. */
    public Set<String> agencies() {
        Set<String> agencies = new LinkedHashSet<>();
        byProcedure.values().forEach(chain -> chain.steps().forEach(step -> agencies.add(step.agency())));
        return agencies;
    }

    /**
     * When a step sent at {@code sentAt} is due: the end of its last working day. Counting starts on the day it was
     * sent, or on the next working day when it was sent after the cut-off or on a day off.
     */
    public OffsetDateTime dueAt(OffsetDateTime sentAt, int workingDays) {
        ZonedDateTime local = sentAt.atZoneSameInstant(zone);
        LocalDate day = local.toLocalDate();
        if (!isWorkingDay(day) || local.toLocalTime().isAfter(cutOff)) {
            day = nextWorkingDay(day);
        }
        for (int counted = 1; counted < workingDays; counted++) {
            day = nextWorkingDay(day);
        }
        return day.atTime(LocalTime.MAX.withNano(0)).atZone(zone).toOffsetDateTime();
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    public ZoneId zone() {
        return zone;
    }

    private LocalDate nextWorkingDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isWorkingDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }
}
