package vn.gov.lgsp.adapters.signature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import vn.gov.lgsp.adapters.signature.VerificationReport.Check;
import vn.gov.lgsp.adapters.signature.VerificationReport.Outcome;

/**
 * Many documents signed with one private-key operation over a hash tree (the technique X-Road uses), so that a
 * slow token or HSM is not the limit. Each document gets its own batch signature: its place in the tree, the
 * sibling hashes up to the root, and the CAdES signature over the root; it verifies without the other documents.
 *
 * <pre>
 * BatchSignature ::= SEQUENCE { version INTEGER (1), leafIndex INTEGER, leafCount INTEGER,
 *                               siblings SEQUENCE OF OCTET STRING, rootSignature OCTET STRING (DER CMS) }
 * leaf = SHA-256(0x00 || SHA-256(document)); node = SHA-256(0x01 || left || right); a last odd node moves up as is.
 * </pre>
 */
public final class BatchSigner {

    private static final int VERSION = 1;

    private final CmsSignatures cms;

    public BatchSigner(CmsSignatures cms) {
        this.cms = cms;
    }

    /**
     * One batch signature per document, in the order given.
     *
     * @param documentDigests the SHA-256 of each document (so large documents are never held whole)
     */
    public List<byte[]> sign(List<byte[]> documentDigests, SigningKey key, Instant signingTime) throws GeneralSecurityException {
        if (documentDigests.isEmpty()) {
            return List.of();
        }
        List<List<byte[]>> levels = new ArrayList<>();
        List<byte[]> level = new ArrayList<>(documentDigests.size());
        for (byte[] digest : documentDigests) {
            level.add(leaf(digest));
        }
        levels.add(level);
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(i + 1 < level.size() ? node(level.get(i), level.get(i + 1)) : level.get(i));
            }
            levels.add(up);
            level = up;
        }
        byte[] rootSignature = cms.signDetached(level.get(0), key, signingTime);
        List<byte[]> signatures = new ArrayList<>(documentDigests.size());
        for (int leaf = 0; leaf < documentDigests.size(); leaf++) {
            ASN1EncodableVector siblings = new ASN1EncodableVector();
            int index = leaf;
            for (List<byte[]> l : levels.subList(0, levels.size() - 1)) {
                int sibling = index ^ 1;
                if (sibling < l.size()) {
                    siblings.add(new DEROctetString(l.get(sibling)));
                }
                index /= 2;
            }
            signatures.add(encode(leaf, documentDigests.size(), siblings, rootSignature));
        }
        return signatures;
    }

    /** Verifies one document against its batch signature: its path to the root, then the root's signature. */
    public VerificationReport verify(byte[] batchSignature, InputStream document, Instant at) {
        int leafIndex;
        int leafCount;
        List<byte[]> siblings = new ArrayList<>();
        byte[] rootSignature;
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(batchSignature));
            if (ASN1Integer.getInstance(s.getObjectAt(0)).intValueExact() != VERSION) {
                return VerificationReport.unreadable("unknown batch signature version");
            }
            leafIndex = ASN1Integer.getInstance(s.getObjectAt(1)).intValueExact();
            leafCount = ASN1Integer.getInstance(s.getObjectAt(2)).intValueExact();
            for (var o : ASN1Sequence.getInstance(s.getObjectAt(3))) {
                siblings.add(ASN1OctetString.getInstance(o).getOctets());
            }
            rootSignature = ASN1OctetString.getInstance(s.getObjectAt(4)).getOctets();
            if (leafIndex < 0 || leafIndex >= leafCount) {
                return VerificationReport.unreadable("batch signature names leaf " + leafIndex + " of " + leafCount);
            }
        } catch (IOException | RuntimeException e) {
            return VerificationReport.unreadable("not a batch signature: " + e.getMessage());
        }
        byte[] root;
        try {
            root = rootOf(digest(document), leafIndex, leafCount, siblings);
        } catch (IOException | GeneralSecurityException e) {
            return VerificationReport.unreadable("cannot read the document: " + e.getMessage());
        }
        if (root == null) {
            return VerificationReport.unreadable("the batch signature's path does not fit a batch of " + leafCount);
        }
        VerificationReport report = cms.verifyDetached(rootSignature, new ByteArrayInputStream(root), at);
        List<Check> checks = new ArrayList<>();
        boolean rootSigned = report.check("integrity") != null && report.check("integrity").outcome() == Outcome.PASS;
        checks.add(rootSigned
                ? new Check("batch", Outcome.PASS, "document " + (leafIndex + 1) + " of a batch of " + leafCount
                        + " signed with one key operation; its path leads to the signed root")
                : new Check("batch", Outcome.FAIL, "the document, or its path, does not lead to the signed batch root"));
        checks.addAll(report.checks());
        return new VerificationReport(report.signer(), report.signingTime(), checks);
    }

    /** SHA-256 of a document, streamed. */
    public static byte[] digest(InputStream document) throws IOException, GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance(SignatureAlgorithms.SHA256);
        try (DigestInputStream in = new DigestInputStream(document, digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    private static byte[] rootOf(byte[] documentDigest, int leafIndex, int leafCount, List<byte[]> siblings)
            throws GeneralSecurityException {
        byte[] hash = leaf(documentDigest);
        int index = leafIndex;
        int width = leafCount;
        int used = 0;
        while (width > 1) {
            int sibling = index ^ 1;
            if (sibling < width) {
                if (used == siblings.size()) {
                    return null;
                }
                byte[] other = siblings.get(used++);
                hash = (index % 2 == 0) ? node(hash, other) : node(other, hash);
            }
            index /= 2;
            width = (width + 1) / 2;
        }
        return used == siblings.size() ? hash : null;
    }

    private static byte[] encode(int leaf, int count, ASN1EncodableVector siblings, byte[] rootSignature)
            throws GeneralSecurityException {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(VERSION));
        v.add(new ASN1Integer(leaf));
        v.add(new ASN1Integer(count));
        v.add(new DERSequence(siblings));
        v.add(new DEROctetString(rootSignature));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static byte[] leaf(byte[] documentDigest) throws GeneralSecurityException {
        MessageDigest d = MessageDigest.getInstance(SignatureAlgorithms.SHA256);
        d.update((byte) 0);
        return d.digest(documentDigest);
    }

    private static byte[] node(byte[] left, byte[] right) throws GeneralSecurityException {
        MessageDigest d = MessageDigest.getInstance(SignatureAlgorithms.SHA256);
        d.update((byte) 1);
        d.update(left);
        return d.digest(right);
    }
}
