package vn.gov.lgsp.support;

/**
 * How hard the fault-injection tests push. The test command runs the short variants; {@code -Dlgsp.faults.long=true}
 * runs the long ones (minutes of outage, ten crashes, seconds of peer latency, five times the load).
 */
public final class FaultScale {

    public static final boolean LONG = Boolean.getBoolean("lgsp.faults.long");

    private FaultScale() {
    }

    /** {@code quick} in the test command, {@code long} with {@code -Dlgsp.faults.long=true}. */
    public static int pick(int quick, int longVariant) {
        return LONG ? longVariant : quick;
    }
}
