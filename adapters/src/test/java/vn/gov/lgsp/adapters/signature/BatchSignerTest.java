package vn.gov.lgsp.adapters.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.gov.lgsp.adapters.signature.RevocationChecker.NoAnswerPolicy;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/** Batch signing over a hash tree: one key operation, every document independently verifiable. */
class BatchSignerTest extends SandboxPkiFixture {

    static BatchSigner batches;

    @BeforeAll
    static void signer() {
        batches = new BatchSigner(new CmsSignatures(verifier(NoAnswerPolicy.REJECT), null));
    }

    static byte[] receipt(int i) {
        return ("Biên nhận hồ sơ 000.00.12.H56-261120-" + String.format("%04d", i)).getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> digests(int count) throws Exception {
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            digests.add(BatchSigner.digest(new ByteArrayInputStream(receipt(i))));
        }
        return digests;
    }

    @Test
    void everyDocumentOfABatchVerifiesOnItsOwnWhateverTheBatchSize() throws Exception {
        for (int size : new int[] {1, 2, 3, 7, 100}) {
            List<byte[]> signatures = batches.sign(digests(size), pki.signingKey("000.00.00.H56"), Instant.now());
            assertThat(signatures).hasSize(size);
            for (int i = 0; i < size; i++) {
                VerificationReport report = batches.verify(signatures.get(i), new ByteArrayInputStream(receipt(i)), Instant.now());
                assertThat(report.valid()).as("document %d of %d: %s", i, size, report).isTrue();
                assertThat(report.check("batch").reason()).contains("document " + (i + 1) + " of a batch of " + size);
            }
        }
    }

    @Test
    void aDocumentDoesNotVerifyWithAnotherDocumentsProof() throws Exception {
        List<byte[]> signatures = batches.sign(digests(8), pki.signingKey("000.00.00.H56"), Instant.now());

        VerificationReport swapped = batches.verify(signatures.get(3), new ByteArrayInputStream(receipt(4)), Instant.now());
        byte[] altered = receipt(3);
        altered[0] ^= 1;
        VerificationReport tampered = batches.verify(signatures.get(3), new ByteArrayInputStream(altered), Instant.now());

        assertThat(swapped.valid()).isFalse();
        assertThat(swapped.check("batch").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(tampered.check("batch").reason()).contains("does not lead to the signed batch root");
    }

    @Test
    void aDamagedBatchSignatureIsReportedUnreadable() {
        VerificationReport report = batches.verify(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01},
                new ByteArrayInputStream(receipt(0)), Instant.now());
        assertThat(report.valid()).isFalse();
        assertThat(report.check("integrity").reason()).startsWith("not a batch signature");
    }
}
