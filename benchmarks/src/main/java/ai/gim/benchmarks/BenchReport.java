package ai.gim.benchmarks;

import ai.gim.evaluator.ChartFiles;
import ai.gim.models.FileTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one {@code gim-bench} run: the table (Markdown, also printed), the same numbers as
 * JSON, and the cost-growth curves as PNG plots.
 */
public final class BenchReport {

    /** Extraction time against one varying quantity, for gim and the peer. */
    public record Curve(String name, String axis, List<Double> x, List<Double> gimMs, List<Double> peerMs) {
    }

    private final List<BenchRow> rows = new ArrayList<>();
    private final List<Curve> curves = new ArrayList<>();
    private final Map<String, String> machine = new LinkedHashMap<>();
    private double peakGflops = Double.NaN;

    public void add(BenchRow row) {
        rows.add(row);
    }

    public void add(Curve curve) {
        curves.add(curve);
    }

    public void machine(String key, String value) {
        machine.put(key, value);
    }

    public void peakGflops(double gflops) {
        this.peakGflops = gflops;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# gim-bench\n\n");
        machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append(String.format(Locale.ROOT, "- sgemm peak (best of ND4J and libtorch, 2048³): %.0f GFLOP/s%n", peakGflops));
        md.append("\nTimes are milliseconds per run: median (min–max). Speed-up = peer time / gim time (above 1: gim is faster).\n");
        String section = null;
        for (BenchRow row : rows) {
            if (!row.section().equals(section)) {
                section = row.section();
                md.append("\n## ").append(section).append("\n\n")
                        .append("| benchmark | gim path | gim ms | peer | peer ms | speed-up | gim GFLOP/s (% peak) | peer GFLOP/s (% peak) |\n")
                        .append("|---|---|---|---|---|---|---|---|\n");
            }
            if (row.skipped() != null) {
                md.append("| ").append(row.name()).append(" | skipped: ").append(row.skipped()).append(" | | | | | | |\n");
                continue;
            }
            md.append("| ").append(row.name())
                    .append(" | ").append(row.gimPath())
                    .append(" | ").append(row.gim().format())
                    .append(" | ").append(row.peer() == null ? "–" : row.peerPath())
                    .append(" | ").append(row.peer() == null ? "–" : row.peer().format())
                    .append(" | ").append(Double.isNaN(row.speedup()) ? "–" : String.format(Locale.ROOT, "%.2f×", row.speedup()))
                    .append(" | ").append(rate(row.gimGflops()))
                    .append(" | ").append(rate(row.peerGflops()))
                    .append(" |\n");
        }
        for (Curve c : curves) {
            md.append("\n## ").append(c.name()).append("\n\n| ").append(c.axis()).append(" | gim ms | peer ms | speed-up |\n|---|---|---|---|\n");
            for (int i = 0; i < c.x().size(); i++) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× |%n", trim(c.x().get(i)), c.gimMs().get(i),
                        c.peerMs().get(i), c.peerMs().get(i) / c.gimMs().get(i)));
            }
        }
        return md.toString();
    }

    private String rate(double gflops) {
        if (Double.isNaN(gflops)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.0f (%.0f %%)", gflops, 100 * gflops / peakGflops);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Writes {@code bench.md}, {@code bench.json} and one PNG per curve into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve("bench.md"), markdown());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("machine", machine);
            json.put("sgemm_peak_gflops", peakGflops);
            json.put("rows", rows);
            json.put("curves", curves);
            writeAtomically(dir.resolve("bench.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            for (Curve c : curves) {
                XYChart chart = new XYChartBuilder().width(640).height(420).title(c.name())
                        .xAxisTitle(c.axis()).yAxisTitle("ms per run").build();
                chart.addSeries("gim (ONNX Runtime)", c.x(), c.gimMs());
                chart.addSeries("libtorch", c.x(), c.peerMs());
                ChartFiles.savePng(chart, dir.resolve(c.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".png"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report to " + dir, e);
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        FileTrees.publish(tmp, target);
    }
}
