package vn.gov.lgsp.config;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.function.Function;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import vn.gov.lgsp.adapters.model.Masking;

/**
 * The console encoder ({@code logback-spring.xml}): Spring Boot's plain pattern, or its structured JSON when
 * {@code logging.structured.format.console} is set (ecs, logstash, gelf), either way with citizen identifiers and
 * phone numbers masked in the message and in the messages of a logged exception, whoever logged it.
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
        IThrowableProxy thrown = masked(event.getThrowableProxy());
        return proxy(ILoggingEvent.class, event, name -> switch (name) {
            case "getFormattedMessage", "getMessage" -> message;
            case "getThrowableProxy" -> thrown;
            default -> NOT_MASKED;
        });
    }

    /** An exception's message (and its causes' and suppressed ones') masked too: they often quote the input. */
    private static IThrowableProxy masked(IThrowableProxy thrown) {
        if (thrown == null) {
            return null;
        }
        String message = Masking.maskText(thrown.getMessage());
        IThrowableProxy cause = thrown.getCause() == thrown ? null : masked(thrown.getCause());
        IThrowableProxy[] suppressed = thrown.getSuppressed() == null ? null
                : Arrays.stream(thrown.getSuppressed()).map(MaskingLogEncoder::masked).toArray(IThrowableProxy[]::new);
        return proxy(IThrowableProxy.class, thrown, name -> switch (name) {
            case "getMessage" -> message;
            case "getCause" -> cause;
            case "getSuppressed" -> suppressed;
            default -> NOT_MASKED;
        });
    }

    private static final Object NOT_MASKED = new Object();

    /** {@code target} seen through {@code type}, with the answers {@code masking} gives instead of its own. */
    private static <T> T proxy(Class<T> type, T target, Function<String, Object> masking) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object answer = masking.apply(method.getName());
            if (answer != NOT_MASKED) {
                return answer;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
