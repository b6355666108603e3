package vn.gov.lgsp.adapters.signature;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Independent implementations our signatures must satisfy (xmlsec1, openssl, pdfsig, SoftHSM2). Where one is
 * missing the test is skipped with the reason; {@code .ci/run} installs them and sets
 * {@code LGSP_REQUIRE_INTEROP_TOOLS=true}, which turns a missing tool into a failure.
 */
final class ExternalTools {

    record Result(int exitCode, String output) {
    }

    private ExternalTools() {
    }

    /** The tool's path, or the test is skipped (or failed, in CI) saying which Debian package provides it. */
    static Path require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing(tool, debianPackage);
    }

    /** A library file that must exist, with the same skip-or-fail rule. */
    static Path requireFile(Path file, String debianPackage) {
        return Files.isReadable(file) ? file : missing(file.toString(), debianPackage);
    }

    private static Path missing(String what, String debianPackage) {
        String reason = what + " is not installed (Debian package " + debianPackage + "), so this interoperability test"
                + " was skipped; .ci/run installs it and makes the test mandatory";
        if ("true".equals(System.getenv("LGSP_REQUIRE_INTEROP_TOOLS"))) {
            fail(reason);
        }
        Assumptions.abort(reason);
        return null;
    }

    static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command.get(0) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
