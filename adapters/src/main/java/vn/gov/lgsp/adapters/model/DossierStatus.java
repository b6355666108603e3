package vn.gov.lgsp.adapters.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** Dossier status, with the national portal's {@code TrangThaiHoSo} codes and their allowed order. */
public enum DossierStatus {
    /** Nộp trực tuyến, chưa tiếp nhận. */
    SUBMITTED_ONLINE(1),
    /** Đã tiếp nhận, có ngày hẹn trả. */
    RECEIVED(2),
    /** Từ chối tiếp nhận. */
    REFUSED(3),
    /** Đang xử lý (one record per processing step). */
    PROCESSING(4),
    /** Yêu cầu bổ sung. */
    SUPPLEMENT_REQUESTED(5),
    /** Yêu cầu thực hiện nghĩa vụ tài chính. */
    PAYMENT_REQUESTED(6),
    /** Công dân rút hồ sơ. */
    WITHDRAWN(7),
    /** Dừng xử lý. */
    STOPPED(8),
    /** Đã xử lý xong, có kết quả. */
    PROCESSED(9),
    /** Đã trả kết quả. */
    RESULT_RETURNED(10);

    private final int code;

    DossierStatus(int code) {
        this.code = code;
    }

    @JsonValue
    public int code() {
        return code;
    }

    @JsonCreator
    public static DossierStatus fromCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dossier status " + code + " (1 to 10)"));
    }

    /** Whether a dossier's first recorded step may carry this status. */
    public boolean canBeFirst() {
        return this == SUBMITTED_ONLINE || this == RECEIVED;
    }

    /** Whether this status may follow {@code previous}; {@code null} means this is the dossier's first step. */
    public boolean canFollow(DossierStatus previous) {
        return previous == null ? canBeFirst() : predecessors().contains(previous);
    }

    private Set<DossierStatus> predecessors() {
        return switch (this) {
            case SUBMITTED_ONLINE -> EnumSet.noneOf(DossierStatus.class);
            case RECEIVED -> EnumSet.of(SUBMITTED_ONLINE, SUPPLEMENT_REQUESTED);
            case REFUSED -> EnumSet.of(SUBMITTED_ONLINE, RECEIVED);
            case PROCESSING -> EnumSet.of(RECEIVED, PROCESSING, SUPPLEMENT_REQUESTED, PAYMENT_REQUESTED);
            case SUPPLEMENT_REQUESTED -> EnumSet.of(SUBMITTED_ONLINE, RECEIVED, PROCESSING);
            case PAYMENT_REQUESTED -> EnumSet.of(RECEIVED, PROCESSING);
            case WITHDRAWN -> EnumSet.of(SUBMITTED_ONLINE, RECEIVED, PROCESSING, SUPPLEMENT_REQUESTED, PAYMENT_REQUESTED);
            case STOPPED -> EnumSet.of(RECEIVED, PROCESSING, SUPPLEMENT_REQUESTED, PAYMENT_REQUESTED);
            case PROCESSED -> EnumSet.of(PROCESSING, PAYMENT_REQUESTED);
            case RESULT_RETURNED -> EnumSet.of(PROCESSED);
        };
    }
}
