package vn.gov.lgsp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import vn.gov.lgsp.adapters.signature.BatchSigner;
import vn.gov.lgsp.adapters.signature.CertificateVerifier;
import vn.gov.lgsp.adapters.signature.CmsSignatures;
import vn.gov.lgsp.adapters.signature.RevocationChecker;
import vn.gov.lgsp.adapters.signature.SigningKey;
import vn.gov.lgsp.adapters.signature.VerificationReport;
import vn.gov.lgsp.adapters.signature.sandbox.SandboxPki;

/**
 * Signatures per second for single and batched signing, against the raw private-key operation rate of the same key
 * measured in the same run: the raw rate is what a token or HSM allows, so batching is what lifts the ceiling.
 * Uses the sandbox PKI's province key (RSA-2048) and receipts of realistic size; checks that batch signatures
 * verify, or the run fails.
 *
 * <p>Arguments: {@code --quick} (2 s per measurement instead of 5), {@code --seconds=N}, {@code --batch=256},
 * {@code --document-bytes=4096}.
 */
public final class SignatureBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SignatureBenchmark() {
    }

    record Rate(String name, long operations, double seconds, double perSecond, double ratioToRaw) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        double seconds = Double.parseDouble(a.getOrDefault("seconds", a.containsKey("quick") ? "2" : "5"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "256"));
        int documentBytes = Integer.parseInt(a.getOrDefault("document-bytes", "4096"));
        Path folder = Files.createTempDirectory("lgsp-signature-bench-");
        try (SandboxPki pki = SandboxPki.openOrCreate(folder, 0, "bench".toCharArray())) {
            SigningKey key = pki.provinceKey();
            CertificateVerifier certificates = new CertificateVerifier(List.of(pki.rootCertificate()), new RevocationChecker(
                    new RevocationChecker.Settings(Duration.ofMinutes(10), Duration.ofSeconds(5),
                            RevocationChecker.NoAnswerPolicy.REJECT)));
            CmsSignatures cms = new CmsSignatures(certificates, null);
            BatchSigner batches = new BatchSigner(cms);
            byte[] document = receipt(documentBytes);
            byte[] digest = BatchSigner.digest(new ByteArrayInputStream(document));
            List<byte[]> digests = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                digests.add(BatchSigner.digest(new ByteArrayInputStream(receipt(documentBytes, i))));
            }

            measure(seconds / 4, () -> key.sign(digest));          // warm-up of the JIT and the key
            measure(seconds / 4, () -> cms.signDetached(document, key, Instant.now()));
            Rate raw = rate("raw key operation (RSA-2048, SHA256withRSA)", measure(seconds, () -> key.sign(digest)), 1, null);
            Rate single = rate("single CAdES signature per document", measure(seconds,
                    () -> cms.signDetached(document, key, Instant.now())), 1, raw);
            Rate batched = rate("batched over a hash tree (" + batch + " documents per key operation)",
                    measure(seconds, () -> batches.sign(digests, key, Instant.now())), batch, raw);

            List<byte[]> proofs = batches.sign(digests, key, Instant.now());
            for (int i : new int[] {0, batch / 2, batch - 1}) {
                VerificationReport report = batches.verify(proofs.get(i),
                        new ByteArrayInputStream(receipt(documentBytes, i)), Instant.now());
                if (!report.valid()) {
                    System.out.println("batch signature " + i + " does not verify: " + report);
                    System.exit(1);
                }
            }

            List<Rate> rates = List.of(raw, single, batched);
            System.out.println();
            System.out.printf("%-70s %12s %10s%n", "signing", "per second", "vs raw");
            for (Rate r : rates) {
                System.out.printf("%-70s %12.0f %10s%n", r.name(), r.perSecond(),
                        r.ratioToRaw() == 0 ? "1.00" : String.format("%.2f", r.ratioToRaw()));
            }
            Path out = Path.of("bench", "target");
            Files.createDirectories(out);
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("when", Instant.now().toString());
            results.put("batchSize", batch);
            results.put("documentBytes", documentBytes);
            results.put("rates", rates);
            JSON.writeValue(out.resolve("signature-bench-results.json").toFile(), results);
            System.out.printf("signature-bench: raw=%.0f single=%.0f batched=%.0f single_ratio=%.2f batched_ratio=%.2f batch=%d%n",
                    raw.perSecond(), single.perSecond(), batched.perSecond(), single.ratioToRaw(), batched.ratioToRaw(), batch);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Operation {
        void run() throws Exception;
    }

    record Measured(long operations, double seconds) {
    }

    private static Measured measure(double seconds, Operation operation) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long n = 0;
        long now;
        do {
            operation.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return new Measured(n, (now - start) / 1e9);
    }

    private static Rate rate(String name, Measured m, int documentsPerOperation, Rate raw) {
        double perSecond = m.operations() * documentsPerOperation / m.seconds();
        return new Rate(name, m.operations() * documentsPerOperation, m.seconds(), perSecond,
                raw == null ? 0 : perSecond / raw.perSecond());
    }

    private static byte[] receipt(int bytes) {
        return receipt(bytes, 0);
    }

    /** A receipt of about {@code bytes}: Vietnamese text, different for each {@code n}. */
    private static byte[] receipt(int bytes, int n) {
        StringBuilder text = new StringBuilder("Biên nhận hồ sơ 000.00.12.H56-261120-" + String.format("%04d", n % 10000) + "\n");
        while (text.length() < bytes) {
            text.append("Thủ tục đăng ký khai sinh; cơ quan tiếp nhận: Ủy ban nhân dân xã. ");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
