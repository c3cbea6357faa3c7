package ai.gim.compiler.train;

import ai.gim.compiler.graph.PredictionTargets;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.data.audio.LibriSpeechCorpus;
import ai.gim.data.audio.WindowSampler;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.AudioEncoderSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;

/** LibriSpeech (or the demo corpus in its layout): random windows at multiples of 160 samples. */
public final class AudioTrainingData implements TrainingData {

    private static final int PARITY_WINDOWS = 2;

    private final LibriSpeechCorpus corpus;
    private final AudioEncoderSpec spec;
    private final Path dataDir;

    public AudioTrainingData(Path dataDir, AudioEncoderSpec spec) {
        this.corpus = LibriSpeechCorpus.open(dataDir);
        this.spec = spec;
        this.dataDir = dataDir;
    }

    @Override
    public BatchSource batches(int batchSize, long seed) {
        WindowSampler sampler = new WindowSampler(corpus, corpus.train(), spec.windowSamples(), LibriSpeechCorpus.SAMPLES_PER_LABEL, seed);
        return () -> windows(sampler, batchSize);
    }

    @Override
    public INDArray parityBatch(long seed) {
        return windows(new WindowSampler(corpus, corpus.test(), spec.windowSamples(), LibriSpeechCorpus.SAMPLES_PER_LABEL, seed), PARITY_WINDOWS);
    }

    private INDArray windows(WindowSampler sampler, int count) {
        float[] batch = new float[count * spec.windowSamples()];
        sampler.next(batch);
        return Nd4j.create(batch, new long[]{count, 1, spec.windowSamples()}, 'c');
    }

    @Override
    public int inputLength() {
        return spec.windowSamples();
    }

    @Override
    public PredictionTargets predictionTargets(SameDiffModuleGraph graph) {
        return PredictionTargets.alongTime(graph.outputLength());
    }

    @Override
    public ArtifactManifest.Preprocessing preprocessing() {
        return new ArtifactManifest.AudioPreprocessing(spec.sampleRate(), 1, "none: raw samples scaled to [-1, 1)", spec.windowSamples());
    }

    @Override
    public String description() {
        return dataDir.toAbsolutePath().toString();
    }
}
