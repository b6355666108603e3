package vn.gov.lgsp.attachments;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.Attachment;
import vn.gov.lgsp.adapters.model.DossierEvent;
import vn.gov.lgsp.adapters.model.StagedContent;
import vn.gov.lgsp.config.AppProperties;
import vn.gov.lgsp.config.Hashing;
import vn.gov.lgsp.web.InvalidRequestException;

/**
 * Attachment content, kept once per SHA-256 under {@code <data-dir>/attachments}. Incoming content is decoded
 * while it is hashed: small content in memory, larger straight to a staging file; it joins the store only when the
 * event is accepted. One-stop systems send a dossier's documents again with each of its steps: content the store
 * already has is not staged at all, the event points at the stored copy. Staging files of a request that fails are
 * removed when the request ends ({@link #discardStaged()}).
 */
@Component
public class AttachmentStore implements StagedContent.Staging {

    /** Content up to this size is decoded in memory (per attachment being read, whatever the request's size). */
    static final int IN_MEMORY_BYTES = 64 * 1024;

    private static final ThreadLocal<List<Path>> STAGED_BY_REQUEST = ThreadLocal.withInitial(ArrayList::new);

    private final Path root;
    private final Path staging;

    public AttachmentStore(AppProperties app) throws IOException {
        this.root = app.dataDir().resolve("attachments");
        this.staging = root.resolve("staging");
        Files.createDirectories(staging);
    }

    @Override
    public StagedContent.Sink open() {
        return new Staged();
    }

    /** Content being decoded: in memory while it is small, in a staging file once it is not. */
    private final class Staged extends OutputStream implements StagedContent.Sink {

        private final MessageDigest digest = Hashing.sha256();
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private OutputStream file;
        private Path path;
        private long size;

        @Override
        public OutputStream stream() {
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            digest.update(bytes, offset, length);
            size += length;
            if (file == null && size > IN_MEMORY_BYTES) {
                path = newStagingFile();
                file = new BufferedOutputStream(Files.newOutputStream(path));
                memory.writeTo(file);
                memory = null;
            }
            (file != null ? file : memory).write(bytes, offset, length);
        }

        @Override
        public StagedContent finish() throws IOException {
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (file != null) {
                file.close();
                return new StagedContent(path, size, sha256);
            }
            Path stored = pathOf(sha256);
            if (!Files.exists(stored)) {
                stored = newStagingFile();
                Files.write(stored, memory.toByteArray());
            }
            memory = null;
            return new StagedContent(stored, size, sha256);
        }
    }

    private Path newStagingFile() throws IOException {
        Path file = Files.createTempFile(staging, "upload-", ".part");
        STAGED_BY_REQUEST.get().add(file);
        return file;
    }

    /**
     * Keeps the event's attachments: staged content moves into the store under its hash; an attachment sent
     * without content must be one the store already has.
     */
    public void keep(DossierEvent event) {
        List<Attachment> attachments = event.dossier().attachments();
        for (int i = 0; i < attachments.size(); i++) {
            Attachment a = attachments.get(i);
            if (a.content() == null && !Files.exists(pathOf(a.sha256()))) {
                throw new InvalidRequestException("dossier.attachments[" + i + "].contentBase64",
                        "is required: no content with sha256 " + a.sha256() + " has been received before");
            }
        }
        for (Attachment a : attachments) {
            if (a.content() != null) {
                moveIntoStore(a.content().file(), a.sha256());
            }
        }
    }

    /**
     * Keeps content staged while a request was read (a ministry's result document) under its hash. Not an overload of
     * {@link #keep(DossierEvent)}: a route calling {@code keep} would have Camel choose between them on every event.
     */
    public void keepDocument(StagedContent staged) {
        moveIntoStore(staged.file(), staged.sha256());
    }

    /** The stored content with this hash, if any. */
    public Optional<Path> find(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path path = pathOf(sha256);
        return Files.exists(path) ? Optional.of(path) : Optional.empty();
    }

    /** Removes whatever the current request staged and did not keep. */
    public void discardStaged() {
        List<Path> staged = STAGED_BY_REQUEST.get();
        try {
            for (Path p : staged) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            staged.clear();
            STAGED_BY_REQUEST.remove();
        }
    }

    private void moveIntoStore(Path stagedFile, String sha256) {
        Path target = pathOf(sha256);
        if (stagedFile.equals(target)) {
            return; // content the store had when it was read
        }
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.deleteIfExists(stagedFile);
                return;
            }
            Files.move(stagedFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // the same content arrived in parallel: one copy is enough
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store attachment " + sha256, e);
        }
    }

    private Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
