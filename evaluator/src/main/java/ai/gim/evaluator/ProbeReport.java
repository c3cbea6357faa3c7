package ai.gim.evaluator;

import ai.gim.models.ManifestJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What {@code gim-eval} found: {@code report.json}, {@code report.md} and {@code accuracy_by_module.png}. */
public record ProbeReport(String task, String artifact, String preset, int trainingSteps, int classes,
                          List<ModuleResult> modules,
                          @JsonProperty("raw_pixel_accuracy") @JsonInclude(JsonInclude.Include.NON_NULL) Double rawPixelAccuracy) {

    public record ModuleResult(int module, double accuracy,
                               @JsonProperty("train_examples") int trainExamples,
                               @JsonProperty("test_examples") int testExamples,
                               @JsonProperty("feature_dim") int featureDim,
                               @JsonProperty("majority_baseline") double majorityBaseline) {
    }

    public static ProbeReport read(Path reportJson) {
        try {
            return ManifestJson.MAPPER.readValue(reportJson.toFile(), ProbeReport.class);
        } catch (IOException e) {
            throw new ai.gim.models.InvalidInputException(reportJson + ": not a gim-eval report: " + e.getMessage());
        }
    }

    public void write(Path dir) {
        ManifestJson.writeAtomically(dir.resolve("report.json"), this);
        ManifestJson.writeAtomically(dir.resolve("report.md"), markdown().getBytes(StandardCharsets.UTF_8));
        writePlot(dir.resolve("accuracy_by_module.png"));
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(task).append(" probe: ").append(artifact).append("\n\n");
        md.append("Preset `").append(preset).append("`, ").append(trainingSteps).append(" training steps, ")
                .append(classes).append(" classes.\n\n");
        md.append("| module | accuracy | train examples | test examples | feature dim | majority baseline |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (ModuleResult m : modules) {
            md.append(String.format(Locale.ROOT, "| %d | %.1f %% | %d | %d | %d | %.1f %% |%n", m.module(), 100 * m.accuracy(),
                    m.trainExamples(), m.testExamples(), m.featureDim(), 100 * m.majorityBaseline()));
        }
        if (rawPixelAccuracy != null) {
            md.append(String.format(Locale.ROOT, "%nThe same probe on the normalised pixels: %.1f %%.%n", 100 * rawPixelAccuracy));
        }
        return md.toString();
    }

    private void writePlot(Path png) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
                .title(task + " accuracy by module").xAxisTitle("module").yAxisTitle("test accuracy (%)").build();
        chart.addSeries(artifact, modules.stream().map(m -> (Integer) m.module()).toList(),
                modules.stream().map(m -> (Double) (100 * m.accuracy())).toList());
        ChartFiles.savePng(chart, png);
    }
}
