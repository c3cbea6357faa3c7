package ai.gim.evaluator.cli;

import ai.gim.evaluator.ChartFiles;
import ai.gim.evaluator.ProbeReport;
import ai.gim.runtime.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gim-report NAME=DIR ...}: one Markdown table of accuracy by module, a column per report. */
@Command(name = "gim-report", mixinStandardHelpOptions = true,
        description = "Print gim-eval reports side by side: a row per module, a column per NAME=DIR.")
public final class CompareReports implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "column name and the directory holding its report.json, as NAME=DIR")
    List<String> columns;

    @Option(names = "--png", description = "also write the table as a grouped bar chart to this PNG file")
    Path png;

    @Override
    public Integer call() {
        List<String> names = new ArrayList<>();
        List<ProbeReport> reports = new ArrayList<>();
        for (String column : columns) {
            int eq = column.indexOf('=');
            if (eq < 1) {
                throw new ai.gim.models.InvalidInputException("'" + column + "': expected NAME=DIR");
            }
            names.add(column.substring(0, eq));
            reports.add(ProbeReport.read(Path.of(column.substring(eq + 1)).resolve("report.json")));
        }
        StringBuilder table = new StringBuilder("| module |");
        names.forEach(n -> table.append(' ').append(n).append(" |"));
        table.append("\n|---:|");
        names.forEach(n -> table.append("---:|"));
        table.append('\n');
        int rows = reports.stream().mapToInt(r -> r.modules().size()).max().orElse(0);
        for (int i = 0; i < rows; i++) {
            table.append("| ").append(i).append(" |");
            for (ProbeReport r : reports) {
                table.append(i < r.modules().size()
                        ? String.format(Locale.ROOT, " %.1f %% |", 100 * r.modules().get(i).accuracy()) : " |");
            }
            table.append('\n');
        }
        for (int c = 0; c < reports.size(); c++) {
            if (reports.get(c).rawPixelAccuracy() != null) {
                table.append(String.format(Locale.ROOT, "%nraw pixels, same probe and split (%s): %.1f %%%n", names.get(c),
                        100 * reports.get(c).rawPixelAccuracy()));
                break;
            }
        }
        System.out.print(table);
        if (png != null) {
            writeChart(names, reports);
        }
        return CommandRunner.OK;
    }

    private void writeChart(List<String> names, List<ProbeReport> reports) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("linear-probe test accuracy by module")
                .xAxisTitle("module").yAxisTitle("test accuracy (%)").build();
        for (int c = 0; c < reports.size(); c++) {
            List<ProbeReport.ModuleResult> modules = reports.get(c).modules();
            chart.addSeries(names.get(c), modules.stream().map(m -> (Integer) m.module()).toList(),
                    modules.stream().map(m -> (Double) (100 * m.accuracy())).toList());
        }
        ChartFiles.savePng(chart, png);
    }

    public static void main(String[] args) {
        System.exit(CommandRunner.run("gim-report", new CompareReports(), args));
    }
}
