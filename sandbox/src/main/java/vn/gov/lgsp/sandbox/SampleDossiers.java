package vn.gov.lgsp.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic one-stop dossier events (the shape of {@code POST /api/v1/dossier-events}): Vietnamese names
 * with diacritics, Circular 01/2018 codes, real procedure names, and whole lifecycles (received, processing
 * steps, supplements, fee requests, refusals, results). Deterministic for a given seed.
 *
 * <p>The full mix touches every flow: fees (payments), postal channels and deliveries (post), and the two procedures
 * with reference inter-agency chains (birth and death registration, {@code config/ministry-chains.yml}). The
 * {@linkplain #portalOnly portal-only} mix keeps to dossiers that concern the national portal alone.
 */
public final class SampleDossiers {

    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SURNAMES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
        "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
    private static final String[] MIDDLE = {"Văn", "Thị", "Minh", "Đức", "Thu", "Hoàng", "Ngọc", "Quang", "Thanh", "Hữu"};
    private static final String[] GIVEN = {"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan",
        "Linh", "Mai", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Uyên", "Việt", "Yến", "Ổn"};
    private static final String[] STREETS = {"Lê Lợi", "Trần Hưng Đạo", "Phan Đình Phùng", "Nguyễn Huệ", "Hai Bà Trưng",
        "Lý Thường Kiệt", "Điện Biên Phủ", "Quang Trung"};
    private static final String[] WARDS = {"phường Bến Thành", "phường Đống Đa", "xã Tân Phú", "phường Hòa Cường",
        "xã Phước Kiển", "phường Ninh Kiều"};
    private static final String[][] PROCEDURES = {
        {"1.001612", "Đăng ký thành lập hộ kinh doanh", "LP01", "Lệ phí đăng ký hộ kinh doanh", "100000"},
        {"1.001193", "Đăng ký khai sinh", "", "", ""},
        {"1.011537", "Liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng phí", "", "", ""},
        {"1.004227", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "LP02", "Lệ phí cấp giấy phép xây dựng", "75000"},
        {"2.000889", "Cấp bản sao trích lục hộ tịch", "LP03", "Lệ phí cấp bản sao", "8000"},
        {"1.000656", "Đăng ký kết hôn", "", "", ""},
        {"1.002279", "Đăng ký biến động quyền sử dụng đất", "P01", "Phí thẩm định hồ sơ", "500000"}};
    private static final String[] UNITS = {"Phòng Tài chính - Kế hoạch", "Phòng Tư pháp", "Phòng Kinh tế - Hạ tầng",
        "Văn phòng đăng ký đất đai"};

    /** Birth and death registration: the procedures of the reference inter-agency chains. */
    private static final List<String> CHAINED = List.of("1.001193", "1.011537");

    private final Random random;
    private final LocalDate day;
    private final int agencyNumber;
    private final boolean portalOnly;

    public SampleDossiers(long seed, LocalDate day) {
        this(seed, day, false);
    }

    private SampleDossiers(long seed, LocalDate day, boolean portalOnly) {
        this.random = new Random(seed);
        this.day = day;
        this.agencyNumber = 10 + random.nextInt(30);
        this.portalOnly = portalOnly;
    }

    /**
     * Dossiers that no flow but the portal's takes: no inter-agency chain, nothing by post, no fee requested or paid
     * online. What the portal path alone carries, with the other flows idle.
     */
    public static SampleDossiers portalOnly(long seed, LocalDate day) {
        return new SampleDossiers(seed, day, true);
    }

    /** {@code count} dossiers, each as its events in sequence order. */
    public List<List<ObjectNode>> dossiers(int count) {
        List<List<ObjectNode>> all = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            all.add(lifecycle(i));
        }
        return all;
    }

    private List<ObjectNode> lifecycle(int number) {
        String agency = String.format("000.00.%02d.H56", agencyNumber + number % 3);
        String code = agency + "-" + day.format(DateTimeFormatter.ofPattern("yyMMdd")) + String.format("-%04d", number);
        String[] procedure = PROCEDURES[random.nextInt(PROCEDURES.length)];
        while (portalOnly && CHAINED.contains(procedure[0])) {
            procedure = PROCEDURES[random.nextInt(PROCEDURES.length)];
        }
        boolean fees = !procedure[2].isEmpty();
        String channel = portalOnly ? (fees ? "DIRECT" : List.of("DIRECT", "ONLINE").get(random.nextInt(2)))
                : List.of("DIRECT", "ONLINE", "POSTAL").get(random.nextInt(3));
        String applicant = person();
        OffsetDateTime submitted = day.atTime(7 + random.nextInt(3), random.nextInt(60)).atOffset(VIETNAM);
        OffsetDateTime appointment = day.plusDays(5 + random.nextInt(10)).atTime(17, 0).atOffset(VIETNAM);

        List<int[]> plan = new ArrayList<>();
        boolean online = channel.equals("ONLINE");
        if (online) {
            plan.add(new int[] {1});
        }
        int variant = random.nextInt(10);
        if (online && variant == 0) {
            plan.add(new int[] {3});
        } else {
            plan.add(new int[] {2});
            if (variant == 1) {
                plan.add(new int[] {5});
                plan.add(new int[] {2});
            }
            plan.add(new int[] {4});
            if (fees && variant < 5 && !portalOnly) {
                plan.add(new int[] {6});
            }
            plan.add(new int[] {4});
            plan.add(new int[] {9});
            plan.add(new int[] {10});
        }

        ObjectNode dossier = dossier(code, agency, procedure, channel, applicant, submitted, appointment);
        List<ObjectNode> events = new ArrayList<>();
        OffsetDateTime at = submitted;
        for (int i = 0; i < plan.size(); i++) {
            int status = plan.get(i)[0];
            at = at.plusMinutes(20 + random.nextInt(600));
            if (status == 2 && !dossier.has("receivedAt")) {
                dossier.put("receivedAt", at.toString());
                dossier.put("appointmentAt", appointment.toString());
            }
            ObjectNode event = JSON.createObjectNode();
            event.put("eventId", UUID.nameUUIDFromBytes((code + "#" + (i + 1) + "#" + random.nextLong())
                    .getBytes(StandardCharsets.UTF_8)).toString());
            event.put("sequence", i + 1);
            event.put("occurredAt", at.toString());
            event.put("status", status);
            event.set("step", step(status, agency, appointment));
            event.set("dossier", dossier.deepCopy());
            events.add(event);
        }
        return events;
    }

    private ObjectNode dossier(String code, String agency, String[] procedure, String channel, String applicant,
                               OffsetDateTime submitted, OffsetDateTime appointment) {
        ObjectNode d = JSON.createObjectNode();
        d.put("code", code);
        d.put("procedureCode", procedure[0] + ".000.00.00.H56");
        d.put("procedureName", procedure[1]);
        d.put("agencyCode", agency);
        d.put("channel", channel);
        ObjectNode a = d.putObject("applicant");
        a.put("type", "CITIZEN");
        a.put("fullName", applicant);
        a.put("idNumber", String.format("%03d%09d", 1 + random.nextInt(96), random.nextInt(1_000_000_000)));
        a.put("phone", "09" + String.format("%08d", random.nextInt(100_000_000)));
        a.put("email", "cd" + random.nextInt(1000) + "@example.vn");
        a.put("address", (1 + random.nextInt(200)) + " " + STREETS[random.nextInt(STREETS.length)] + ", "
                + WARDS[random.nextInt(WARDS.length)]);
        d.put("summary", procedure[1] + " cho " + applicant);
        d.put("submittedAt", submitted.toString());
        d.put("resultDelivery", channel.equals("POSTAL") ? "POSTAL" : (random.nextBoolean() ? "COUNTER" : "ELECTRONIC"));
        ArrayNode fees = d.putArray("fees");
        if (!procedure[2].isEmpty()) {
            fees.addObject().put("code", procedure[2]).put("name", procedure[3])
                    .put("amount", Long.parseLong(procedure[4])).put("kind", procedure[2].startsWith("LP") ? "CHARGE" : "FEE");
        }
        byte[] pdf = ("%PDF-1.4\n% " + procedure[1] + " - " + applicant + " - " + code + "\n%%EOF\n")
                .getBytes(StandardCharsets.UTF_8);
        d.putArray("attachments").addObject()
                .put("id", code + "-a1").put("name", "Tờ khai.pdf").put("componentCode", "TP01")
                .put("mediaType", "application/pdf").put("size", pdf.length).put("sha256", sha256(pdf))
                .put("contentBase64", Base64.getEncoder().encodeToString(pdf));
        return d;
    }

    private ObjectNode step(int status, String agency, OffsetDateTime appointment) {
        ObjectNode s = JSON.createObjectNode();
        s.put("officer", person());
        s.put("title", status == 9 ? "Phó Chủ tịch" : "Chuyên viên");
        s.put("unit", switch (status) {
            case 1, 2, 3, 5, 10 -> "Bộ phận Một cửa";
            case 9 -> "Lãnh đạo UBND";
            default -> UNITS[random.nextInt(UNITS.length)];
        });
        s.put("note", switch (status) {
            case 1 -> "Nộp hồ sơ trực tuyến";
            case 2 -> "Tiếp nhận hồ sơ";
            case 3 -> "Từ chối tiếp nhận: hồ sơ không thuộc thẩm quyền";
            case 4 -> List.of("Thẩm định hồ sơ", "Trình ký", "Chuyển phòng chuyên môn").get(random.nextInt(3));
            case 5 -> "Yêu cầu bổ sung giấy tờ";
            case 6 -> "Yêu cầu nộp phí, lệ phí";
            case 9 -> "Phê duyệt kết quả";
            case 10 -> "Trả kết quả cho công dân";
            default -> "Xử lý hồ sơ";
        });
        s.put("dueAt", appointment.toString());
        return s;
    }

    private String person() {
        return SURNAMES[random.nextInt(SURNAMES.length)] + " " + MIDDLE[random.nextInt(MIDDLE.length)] + " "
                + GIVEN[random.nextInt(GIVEN.length)];
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
