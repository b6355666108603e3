package vn.gov.lgsp.adapters.model;

import java.util.Arrays;

/**
 * Where a postal shipment stands ({@code StatusCode}). Statuses only move forward in the order 1 &lt; 2 &lt; 3 &lt;
 * 5 &lt; 4 = 6; a cancellation (7) may follow any status before delivery or return; 4, 6 and 7 end a shipment.
 */
public enum ShipmentStatus {
    ACCEPTED(1, 1),
    PICKED_UP(2, 2),
    IN_TRANSIT(3, 3),
    DELIVERY_FAILED(5, 4),
    DELIVERED(4, 5),
    RETURNED(6, 5),
    CANCELLED(7, 6);

    private final int code;
    private final int rank;

    ShipmentStatus(int code, int rank) {
        this.code = code;
        this.rank = rank;
    }

    public int code() {
        return code;
    }

    public boolean ends() {
        return this == DELIVERED || this == RETURNED || this == CANCELLED;
    }

    /** Whether a shipment at {@code current} (null: no status yet) may move to this status. */
    public boolean isForwardFrom(ShipmentStatus current) {
        if (current == null) {
            return true;
        }
        if (current.ends()) {
            return false;
        }
        return this == CANCELLED || rank > current.rank;
    }

    public static boolean isCode(int code) {
        return Arrays.stream(values()).anyMatch(s -> s.code == code);
    }

    public static ShipmentStatus fromCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no shipment status " + code + " (1 to 7)"));
    }
}
