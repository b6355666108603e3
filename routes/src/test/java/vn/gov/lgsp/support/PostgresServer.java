package vn.gov.lgsp.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server process on loopback, from the PostgreSQL binaries published on Maven Central
 * (io.zonky.test.postgres). PostgreSQL refuses to run as root, so where the tests run as root (as CI does)
 * the server runs as the unprivileged user {@code nobody}.
 */
public final class PostgresServer implements AutoCloseable {

    private static PostgresServer shared;

    private final Path home;
    private final int port;
    private final boolean asNobody;

    private PostgresServer(Path home, int port, boolean asNobody) {
        this.home = home;
        this.port = port;
        this.asNobody = asNobody;
    }

    /** Points the application under test at the shared server, the production database. */
    public static void useFor(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> shared().url());
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /** One server for the whole test run, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static PostgresServer start() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path home = Files.createTempDirectory("lgsp-pg-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        extractBinaries(home);
        Path data = home.resolve("data");
        if (root) {
            run(List.of("chown", "-R", "nobody:nogroup", home.toString()), false);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(home, port, root);
        run(List.of(home.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale"), root);
        run(List.of(home.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("server.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k " + home + " -F", "-w", "start"), root);
        try (Connection c = DriverManager.getConnection(server.url("postgres"), "postgres", "")) {
            c.createStatement().execute("create database lgsp");
        }
        return server;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String url() {
        return url("lgsp");
    }

    @Override
    public void close() {
        try {
            run(List.of(home.resolve("bin/pg_ctl").toString(), "-D", home.resolve("data").toString(), "-m", "immediate",
                    "stop"), asNobody);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (Exception e) {
            System.err.println("Could not stop the test PostgreSQL: " + e);
        }
    }

    private static void extractBinaries(Path home) throws IOException {
        try (InputStream archive = PostgresServer.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
            if (archive == null) {
                throw new IllegalStateException("postgres-linux-x86_64.txz is not on the test classpath");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = home.resolve(entry.getName()).normalize();
                    if (!target.startsWith(home)) {
                        throw new IOException("archive entry outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    private static void run(List<String> command, boolean asNobody) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asNobody) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed:\n" + output);
        }
    }
}
