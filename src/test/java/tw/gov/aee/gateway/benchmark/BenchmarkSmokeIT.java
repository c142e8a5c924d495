package tw.gov.aee.gateway.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * README's benchmark, once, at a small N, in its own JVM as the README runs it: so the instrument
 * keeps working (every document answered and routed, counted at the recipients and branches, the
 * ceiling measured, the last line in its exact form). Its figures are not judged here — a timed
 * assertion in a test run would measure the CI machine, not the gateway.
 */
class BenchmarkSmokeIT {

    private static final Pattern LAST_LINE = Pattern.compile(
            "e2e_orders_per_sec=(\\d+\\.\\d) ceiling_orders_per_sec=(\\d+\\.\\d) ratio=(\\d+\\.\\d\\d) lost=(\\d+) duplicates=(\\d+)");

    @Test
    void theBenchmarkRunsEveryDocumentToItsEndAndPrintsItsFiguresAndTheLastLine() throws Exception {
        Path dir = Path.of("target/benchmark-smoke").toAbsolutePath();
        Path out = Path.of("target/benchmark-smoke.out").toAbsolutePath();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), Benchmark.class.getName(),
                "--orders=200", "--checkpoints=100", "--dir=" + dir, "--timeout=240")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(ended).as("the benchmark ended; see %s", out).isTrue();
        assertThat(p.exitValue()).as("exit status; see %s", out).isZero();
        String last = lines.get(lines.size() - 1);
        Matcher m = LAST_LINE.matcher(last);
        assertThat(m.matches()).as("last line: %s", last).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(Double.parseDouble(m.group(2))).isPositive();
        assertThat(m.group(4)).isEqualTo("0");
        assertThat(m.group(5)).isEqualTo("0");
        String all = String.join("\n", lines);
        assertThat(all).contains("200 submitted, 200 accepted, 200 delivered, 200 completed")
                .containsPattern("legs +\\d+ .* legs/s +\\d+\\.\\d+ CPU ms per leg")
                .containsPattern("memory +peak heap \\d+ MB +live heap after GC \\d+ MB +peak RSS \\d+ MB")
                .containsPattern("crypto per order sign \\d+\\.\\d\\d .*decrypt \\d+\\.\\d\\d")
                .contains("raw redeliveries 0")
                // the ceiling is the best of three measured rounds, each printed, and the last line carries it
                .containsPattern("ceiling +" + Pattern.quote(m.group(2)) + " orders/s: .*\\(best of \\d+\\.\\d / \\d+\\.\\d / \\d+\\.\\d\\)")
                // the simulated PULL parties stop polling before the gateway's web server stops
                .doesNotContain("could not poll")
                // the growth run's checkpoint: submitting paused until the first 100 completed, then measured
                .containsPattern("checkpoint 100 documents: \\d+ s, \\d+\\.\\d\\d CPU ms per leg, live heap after GC \\d+ MB")
                .containsPattern("gateway heap +live heap after GC \\d+ MB once the benchmark and the simulated parties forgot")
                .containsPattern("growth +100 +\\d+ +\\d+\\.\\d\\d +\\d+ MB +-?\\d+ MB +\\d+ MB")
                .containsPattern("growth +200 +\\d+ +\\d+\\.\\d\\d +\\d+ MB +\\d+ MB\\* +\\d+ MB")
                .containsPattern("(?m)^growth +CPU ms per leg between the rows:  100 -> 200: \\d+\\.\\d\\d$");
    }
}
