package ai.gim.compiler.train;

import ai.gim.models.FileTrees;
import ai.gim.models.InvalidInputException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training state beside an artifact: {@code training/checkpoint/module-K/<parameter>.npy} (NumPy
 * files, readable anywhere) for each module's parameters and its InfoNCE predictor. Written to a
 * temporary directory and swapped in whole, so a crash never leaves half a checkpoint.
 */
public final class Checkpoint {

    public static final String DIR = "training/checkpoint";
    static final String PREDICTOR = "infonce_predictor";

    private Checkpoint() {
    }

    public static void write(Path artifactDir, List<Map<String, INDArray>> moduleParameters, List<INDArray> predictors) {
        Path target = artifactDir.resolve(DIR);
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), ".checkpoint");
            for (int k = 0; k < moduleParameters.size(); k++) {
                Path module = staging.resolve("module-" + k);
                for (Map.Entry<String, INDArray> p : moduleParameters.get(k).entrySet()) {
                    writeNpy(module.resolve(p.getKey() + ".npy"), p.getValue());
                }
                if (predictors.get(k) != null) {
                    writeNpy(module.resolve(PREDICTOR + ".npy"), predictors.get(k));
                }
            }
            Path old = target.resolveSibling(".checkpoint-old");
            FileTrees.deleteRecursively(old);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            FileTrees.publish(staging, target);
            FileTrees.deleteRecursively(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint under " + target, e);
        }
    }

    /** Parameters of module {@code k} of the artifact at {@code artifactDir}, by name. */
    public static Map<String, INDArray> readModule(Path artifactDir, int k, List<String> names) {
        Path module = artifactDir.resolve(DIR).resolve("module-" + k);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : names) {
            Path file = module.resolve(name + ".npy");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + ": not found; --init must name an artifact written by gim-compile "
                        + "with the same preset and model splits");
            }
            params.put(name, Nd4j.createFromNpyFile(file.toFile()));
        }
        return params;
    }

    /** The predictor of module {@code k}, or null if the checkpoint has none. */
    public static INDArray readPredictor(Path artifactDir, int k) {
        Path file = artifactDir.resolve(DIR).resolve("module-" + k).resolve(PREDICTOR + ".npy");
        return Files.isRegularFile(file) ? Nd4j.createFromNpyFile(file.toFile()) : null;
    }

    private static void writeNpy(Path file, INDArray value) throws IOException {
        Files.createDirectories(file.getParent());
        Nd4j.writeAsNumpy(value.dup('c'), file.toFile());
    }

}
