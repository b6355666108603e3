package vn.gov.lgsp.config;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import vn.gov.lgsp.adapters.model.Masking;

/**
 * The console encoder ({@code logback-spring.xml}): Spring Boot's plain pattern, or its structured JSON when
 * {@code logging.structured.format.console} is set (ecs, logstash, gelf), either way with citizen identifiers and
 * phone numbers masked in the message (and in a stack trace's messages) of every line, whoever logged it.
 */
public class MaskingLogEncoder extends EncoderBase<ILoggingEvent> {

    private String pattern;
    private String structuredFormat;
    private Charset charset;
    private Encoder<ILoggingEvent> delegate;

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setStructuredFormat(String structuredFormat) {
        this.structuredFormat = structuredFormat;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (structuredFormat != null && !structuredFormat.isBlank()) {
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setFormat(structuredFormat);
            structured.setCharset(charset);
            delegate = structured;
        } else {
            PatternLayoutEncoder plain = new PatternLayoutEncoder();
            plain.setPattern(pattern);
            plain.setCharset(charset);
            delegate = plain;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(masked(event));
    }

    /** The same event, its message already formatted and masked (the arguments are what carry the values). */
    static ILoggingEvent masked(ILoggingEvent event) {
        String message = Masking.maskText(event.getFormattedMessage());
        return (ILoggingEvent) Proxy.newProxyInstance(ILoggingEvent.class.getClassLoader(), new Class<?>[] {ILoggingEvent.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFormattedMessage", "getMessage" -> message;
                    case "getArgumentArray" -> null;
                    default -> {
                        try {
                            yield method.invoke(event, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
