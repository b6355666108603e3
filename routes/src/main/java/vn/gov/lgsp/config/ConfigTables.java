package vn.gov.lgsp.config;

import jakarta.validation.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The tables operators keep in {@code config/} (agency addresses, inter-agency chains): YAML bound and validated
 * like application properties, read at start. A wrong row stops the start, naming the table and the row.
 */
public final class ConfigTables {

    private ConfigTables() {
    }

    /**
     * @param property the application property that names the table, for the messages
     * @param key      the table's top-level key in the file
     */
    public static <T> T read(Path file, String property, String key, Bindable<T> type, T empty) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(property + ": no table at " + file.toAbsolutePath());
        }
        try {
            var sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
            var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind(key, type, new ValidationBindHandler(validator)).orElse(empty);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the table " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the table " + file + " (" + property + ") is invalid: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
