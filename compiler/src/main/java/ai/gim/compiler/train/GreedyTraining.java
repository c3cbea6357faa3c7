package ai.gim.compiler.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The greedy loop: for each batch, modules run bottom-up; a trained module takes one InfoNCE step on
 * the detached output of the module below, a frozen one only runs forward. Modules above the highest
 * trained one are not run at all.
 */
public final class GreedyTraining {

    private final ModuleStack stack;
    private final Map<Integer, ModuleTrainer> trainers;
    private final int highestTrained;

    /** @param trainers by module index: the modules that learn */
    public GreedyTraining(ModuleStack stack, Map<Integer, ModuleTrainer> trainers) {
        this.stack = stack;
        this.trainers = Map.copyOf(trainers);
        this.highestTrained = trainers.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    /**
     * Trains for {@code steps} batches, checkpointing every {@code checkpointEvery} steps into {@code artifactDir}.
     */
    public LossLog run(BatchSource batches, int steps, int checkpointEvery, Path artifactDir, Runnable checkpoint) {
        List<Integer> trained = trainers.keySet().stream().sorted().toList();
        LossLog log = new LossLog(trained);
        if (steps == 0) {
            return log;
        }
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("train").setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setUnit(" steps", 1).setUpdateIntervalMillis(500);
        try (ProgressBar bar = builder.build()) {
            for (int step = 1; step <= steps; step++) {
                INDArray x = batches.next();
                double[] losses = new double[trained.size()];
                for (int k = 0; k <= highestTrained; k++) {
                    ModuleTrainer trainer = trainers.get(k);
                    if (trainer == null) {
                        x = stack.graph(k).output(x);
                    } else {
                        ModuleTrainer.Step s = trainer.step(x);
                        if (!Double.isFinite(s.loss())) {
                            throw new IllegalStateException("module " + k + " diverged at step " + step + " (InfoNCE loss "
                                    + s.loss() + "); try a smaller --lr");
                        }
                        losses[trained.indexOf(k)] = s.loss();
                        x = s.output();
                    }
                }
                log.add(step, losses);
                bar.step();
                bar.setExtraMessage(format(trained, log.recentMeans(20)));
                if (checkpointEvery > 0 && step % checkpointEvery == 0 && step < steps) {
                    checkpoint.run();
                    log.write(artifactDir.resolve("training"));
                }
            }
        }
        return log;
    }

    private static String format(List<Integer> modules, List<Double> losses) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < modules.size(); i++) {
            sb.append(i == 0 ? "" : " ").append("L").append(modules.get(i)).append('=')
                    .append(String.format(Locale.ROOT, "%.3f", losses.get(i)));
        }
        return sb.toString();
    }
}
