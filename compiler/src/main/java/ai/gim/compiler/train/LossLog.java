package ai.gim.compiler.train;

import ai.gim.models.ManifestJson;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Per-step InfoNCE loss of every trained module; written as {@code loss.csv} and {@code loss.png}. */
public final class LossLog {

    private final List<Integer> modules;
    private final List<Integer> steps = new ArrayList<>();
    private final List<double[]> losses = new ArrayList<>();

    public LossLog(List<Integer> modules) {
        this.modules = List.copyOf(modules);
    }

    public void add(int step, double[] moduleLosses) {
        steps.add(step);
        losses.add(moduleLosses.clone());
    }

    /** The mean loss of each module over the last {@code window} steps. */
    public List<Double> recentMeans(int window) {
        List<Double> means = new ArrayList<>();
        int from = Math.max(0, losses.size() - window);
        for (int m = 0; m < modules.size(); m++) {
            double sum = 0;
            for (int i = from; i < losses.size(); i++) {
                sum += losses.get(i)[m];
            }
            means.add(losses.size() == from ? Double.NaN : sum / (losses.size() - from));
        }
        return means;
    }

    public void write(Path dir) {
        StringBuilder csv = new StringBuilder("step");
        modules.forEach(m -> csv.append(",module_").append(m));
        csv.append('\n');
        for (int i = 0; i < steps.size(); i++) {
            csv.append(steps.get(i));
            for (double v : losses.get(i)) {
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        ManifestJson.writeAtomically(dir.resolve("loss.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        if (!steps.isEmpty()) {
            writePlot(dir.resolve("loss.png"));
        }
    }

    private void writePlot(Path png) {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("InfoNCE loss per module")
                .xAxisTitle("step").yAxisTitle("loss (moving average over 20 steps)").build();
        double[] x = steps.stream().mapToDouble(Integer::doubleValue).toArray();
        for (int m = 0; m < modules.size(); m++) {
            double[] y = new double[x.length];
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += losses.get(i)[m];
                if (i >= 20) {
                    sum -= losses.get(i - 20)[m];
                }
                y[i] = sum / Math.min(i + 1, 20);
            }
            chart.addSeries("module " + modules.get(m), x, y).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        try {
            Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), ".loss", ".png");
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            ai.gim.models.FileTrees.publish(tmp, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
