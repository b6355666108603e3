package vn.gov.lgsp.attachments;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import vn.gov.lgsp.adapters.model.Attachment;
import vn.gov.lgsp.adapters.model.AttachmentLinks;
import vn.gov.lgsp.config.AppProperties;

/**
 * Download links that expire: {@code /api/v1/attachments/{sha256}?expires={epoch seconds}&signature={HMAC}}.
 * Anyone holding a valid link may download that one content until it expires, and nothing else.
 */
@Component
public class AttachmentLinkSigner implements AttachmentLinks {

    static final String PATH = "/api/v1/attachments/";

    private final AttachmentProperties properties;
    private final Environment environment;
    private final SecretKeySpec key;
    private final Clock clock;

    public AttachmentLinkSigner(AttachmentProperties properties, AppProperties app, Environment environment)
            throws IOException {
        this.properties = properties;
        this.environment = environment;
        this.key = new SecretKeySpec(secret(properties, app.dataDir()), "HmacSHA256");
        this.clock = Clock.systemUTC();
    }

    @Override
    public URI linkFor(Attachment attachment) {
        long expires = clock.instant().plus(properties.urlTtl()).getEpochSecond();
        String base = properties.publicBaseUrl() != null
                ? properties.publicBaseUrl().toString().replaceAll("/+$", "")
                : "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
        return URI.create(base + PATH + attachment.sha256() + "?expires=" + expires
                + "&signature=" + sign(attachment.sha256(), expires));
    }

    /** Whether the link parameters are ours and not yet expired. */
    public boolean isValid(String sha256, long expires, String signature) {
        if (signature == null || expires < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(sign(sha256, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String sha256, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((sha256 + "|" + expires).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The configured secret, or one generated at first start and kept, readable by the owner only. */
    private static byte[] secret(AttachmentProperties properties, Path dataDir) throws IOException {
        if (properties.urlSecret() != null && !properties.urlSecret().isBlank()) {
            return properties.urlSecret().getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve("keys").resolve("attachment-links.key");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HexFormat.of().formatHex(fresh));
            Files.move(tmp, file);
        }
        return HexFormat.of().parseHex(Files.readString(file).trim());
    }
}
