package ai.gim.data.audio;

import ai.gim.models.InvalidInputException;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws training batches of fixed-length windows, each from a random utterance and starting at a
 * random multiple of {@code alignment} samples (160 = one output frame of the audio encoder).
 */
public final class WindowSampler {

    private final LibriSpeechCorpus corpus;
    private final List<Utterance> utterances;
    private final int window;
    private final int alignment;
    private final SplittableRandom random;

    public WindowSampler(LibriSpeechCorpus corpus, List<Utterance> utterances, int window, int alignment, long seed) {
        this.corpus = corpus;
        this.window = window;
        this.alignment = alignment;
        this.random = new SplittableRandom(seed);
        this.utterances = utterances.stream().filter(u -> FlacAudio.sampleCount(u.file()) >= window).toList();
        if (this.utterances.isEmpty()) {
            throw new InvalidInputException(corpus.audioRoot() + ": no training utterance is at least " + window
                    + " samples long; expected utterances longer than the training window");
        }
    }

    /** Fills {@code batch} ({@code [batchSize * window]}, row-major) with fresh random windows. */
    public void next(float[] batch) {
        int batchSize = batch.length / window;
        for (int b = 0; b < batchSize; b++) {
            float[] audio = corpus.audio(utterances.get(random.nextInt(utterances.size())));
            int starts = (audio.length - window) / alignment + 1;
            int start = random.nextInt(starts) * alignment;
            System.arraycopy(audio, start, batch, b * window, window);
        }
    }
}
