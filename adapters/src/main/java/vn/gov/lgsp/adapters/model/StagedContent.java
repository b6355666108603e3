package vn.gov.lgsp.adapters.model;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Attachment bytes decoded while the request is read, with what was measured of them: in a staging file, or, when
 * the store already had the same bytes, the stored copy.
 */
public record StagedContent(Path file, long size, String sha256) {

    /** Where decoded content goes; the application injects one into the JSON reader. */
    public interface Staging {

        /** An output that hashes and counts what is written to a new staging file. */
        Sink open() throws IOException;
    }

    /** The open staging file: write to it, then {@link #finish()} gives what was staged. */
    public interface Sink {

        OutputStream stream();

        StagedContent finish() throws IOException;
    }

    /** Streams a base64 JSON string into the injected {@link Staging}, never holding it whole in memory. */
    public static final class Deserializer extends JsonDeserializer<StagedContent> {
        @Override
        public StagedContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Staging staging = (Staging) ctxt.findInjectableValue(Staging.class.getName(), null, null);
            Sink sink = staging.open();
            p.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, sink.stream());
            return sink.finish();
        }
    }
}
