package ai.gim.data.audio;

import ai.gim.models.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * LibriSpeech train-clean-100 as GIM and CPC use it:
 * {@code DATA/LibriSpeech/train-clean-100/<spk>/<chapter>/<spk>-<chapter>-<utt>.flac}, with CPC's
 * {@code train_split.txt}, {@code test_split.txt} and {@code converted_aligned_phones.txt} in
 * {@code DATA} or {@code DATA/LibriSpeech100_labels_split}.
 */
public final class LibriSpeechCorpus {

    public static final int SAMPLE_RATE = 16_000;
    /** Samples per phone label: CPC's alignments have one label every 10 ms. */
    public static final int SAMPLES_PER_LABEL = 160;
    public static final String TRAIN_SPLIT = "train_split.txt";
    public static final String TEST_SPLIT = "test_split.txt";
    public static final String ALIGNMENTS = "converted_aligned_phones.txt";
    public static final String LABELS_DIR = "LibriSpeech100_labels_split";
    public static final String AUDIO_DIR = "LibriSpeech/train-clean-100";

    private final Path audioRoot;
    private final Path labelsDir;
    private final List<Utterance> train;
    private final List<Utterance> test;
    private final AudioCache cache;
    private Map<String, int[]> alignments;

    private LibriSpeechCorpus(Path audioRoot, Path labelsDir, List<Utterance> train, List<Utterance> test) {
        this.audioRoot = audioRoot;
        this.labelsDir = labelsDir;
        this.train = train;
        this.test = test;
        this.cache = new AudioCache(1L << 29);
    }

    public static LibriSpeechCorpus open(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new InvalidInputException(dataDir + ": data directory not found");
        }
        Path audioRoot = dataDir.resolve(AUDIO_DIR);
        if (!Files.isDirectory(audioRoot)) {
            throw new InvalidInputException(audioRoot + ": not found; expected LibriSpeech laid out as "
                    + "DATA/" + AUDIO_DIR + "/<speaker>/<chapter>/<speaker>-<chapter>-<utterance>.flac");
        }
        Path labelsDir = Files.isRegularFile(dataDir.resolve(TRAIN_SPLIT)) ? dataDir : dataDir.resolve(LABELS_DIR);
        if (!Files.isRegularFile(labelsDir.resolve(TRAIN_SPLIT))) {
            throw new InvalidInputException(dataDir + ": no " + TRAIN_SPLIT + " in it or in " + LABELS_DIR
                    + "; expected CPC's split files");
        }
        List<Utterance> train = resolve(audioRoot, labelsDir.resolve(TRAIN_SPLIT));
        List<Utterance> test = resolve(audioRoot, labelsDir.resolve(TEST_SPLIT));
        return new LibriSpeechCorpus(audioRoot, labelsDir, train, test);
    }

    private static List<Utterance> resolve(Path audioRoot, Path splitFile) {
        List<Utterance> utterances = new ArrayList<>();
        for (String id : CpcLabelFiles.readSplit(splitFile)) {
            String[] parts = id.split("-");
            Path file = audioRoot.resolve(parts[0]).resolve(parts[1]).resolve(id + ".flac");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(splitFile + ": utterance " + id + " has no audio; expected " + file);
            }
            utterances.add(new Utterance(id, parts[0], parts[1], file));
        }
        return List.copyOf(utterances);
    }

    public List<Utterance> train() {
        return train;
    }

    public List<Utterance> test() {
        return test;
    }

    public Path audioRoot() {
        return audioRoot;
    }

    /** Speakers of the training split, sorted: the classes of the speaker probe. */
    public List<String> speakers() {
        TreeSet<String> speakers = new TreeSet<>();
        train.forEach(u -> speakers.add(u.speaker()));
        return List.copyOf(speakers);
    }

    public float[] audio(Utterance utterance) {
        return cache.get(utterance.file(), f -> FlacAudio.read(f, SAMPLE_RATE));
    }

    /**
     * The 10 ms phone labels of every utterance in {@code utterances}.
     *
     * @throws InvalidInputException naming the split and utterance when an alignment is missing
     */
    public synchronized Map<String, int[]> alignments(List<Utterance> utterances, String splitName) {
        if (alignments == null) {
            alignments = CpcLabelFiles.readAlignments(labelsDir.resolve(ALIGNMENTS));
        }
        Map<String, int[]> found = new LinkedHashMap<>();
        for (Utterance u : utterances) {
            int[] phones = alignments.get(u.id());
            if (phones == null) {
                throw new InvalidInputException(labelsDir.resolve(splitName) + ": utterance " + u.id()
                        + " has no alignment in " + labelsDir.resolve(ALIGNMENTS));
            }
            found.put(u.id(), phones);
        }
        return found;
    }
}
