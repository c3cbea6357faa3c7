package ai.gim.compiler.train;

import ai.gim.compiler.graph.PredictionTargets;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.models.ArtifactManifest;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What training needs from a dataset of one modality, and what the artifact records of it. */
public interface TrainingData {

    /** Training batches of {@code batchSize} sequences (audio windows or images), drawn with {@code seed}. */
    BatchSource batches(int batchSize, long seed);

    /** A few real inputs for module 0 from the held-out split, for the export's parity check. */
    INDArray parityBatch(long seed);

    /** Samples per window (audio) or the side of the image module 0 takes (vision). */
    int inputLength();

    /** Where each anchor's positives are in a module's rows. */
    PredictionTargets predictionTargets(SameDiffModuleGraph graph);

    ArtifactManifest.Preprocessing preprocessing();

    /** Where the data came from, for the manifest. */
    String description();
}
