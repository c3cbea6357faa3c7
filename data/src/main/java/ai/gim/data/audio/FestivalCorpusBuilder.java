package ai.gim.data.audio;

import ai.gim.models.FileTrees;
import ai.gim.models.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds, offline and deterministically, a small LibriSpeech-layout speech corpus (DESIGN.md §4):
 * Festival synthesises generated sentences with several voices, {@code sox} pitch-shifts each voice
 * into several speakers (timing unchanged) and writes 16 kHz 16-bit FLAC, and every utterance's
 * phone segments give a 10 ms alignment in CPC's {@code converted_aligned_phones.txt} format, with
 * an 80/20 split by utterance within every speaker.
 */
public final class FestivalCorpusBuilder {

    /** Festival voice names of Debian's festvox-kallpc16k, festvox-kdlpc16k and festvox-us-slt-hts. */
    public static final List<String> VOICES = List.of("kal_diphone", "ked_diphone", "cmu_us_slt_arctic_hts");
    /** Pitch shifts in cents; each voice at each shift is one speaker. */
    public static final List<Integer> PITCH_SHIFTS = List.of(0, -350, 350);
    static final String COMPLETE_MARKER = "CORPUS-COMPLETE";

    private static final String[] SUBJECTS = {"the old farmer", "a quiet student", "my younger sister", "the tired pilot",
            "our new neighbour", "the careful doctor", "a famous painter", "the small child", "every driver", "the chef"};
    private static final String[] VERBS = {"carried", "painted", "found", "watched", "opened", "cleaned", "brought",
            "described", "forgot", "repaired", "wanted", "measured"};
    private static final String[] OBJECTS = {"a heavy wooden box", "the broken window", "seven yellow apples",
            "a letter from the bank", "the green bicycle", "an ancient map", "the kitchen table", "a bottle of water",
            "the morning newspaper", "two silver coins"};
    private static final String[] ENDINGS = {"before the sun went down", "in the middle of the night", "near the river",
            "after a long journey", "without saying a word", "during the summer storm", "at the end of the street",
            "while the children were sleeping", "on a cold winter morning", "behind the railway station"};

    private final Path dataDir;
    private final int utterancesPerSpeaker;

    public FestivalCorpusBuilder(Path dataDir, int utterancesPerSpeaker) {
        this.dataDir = dataDir;
        this.utterancesPerSpeaker = utterancesPerSpeaker;
    }

    /** Builds the corpus unless a complete one is already there; returns the number of utterances. */
    public int build() {
        if (Files.isRegularFile(dataDir.resolve(COMPLETE_MARKER))) {
            return countUtterances();
        }
        requireTool("festival", "festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts");
        requireTool("sox", "sox");
        try {
            Files.createDirectories(dataDir.toAbsolutePath().getParent());
            Path staging = Files.createTempDirectory(dataDir.toAbsolutePath().getParent(), ".demo-corpus");
            try {
                int count = buildInto(staging);
                FileTrees.deleteRecursively(dataDir);
                FileTrees.publish(staging, dataDir);
                return count;
            } finally {
                FileTrees.deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the demo corpus in " + dataDir, e);
        }
    }

    private int buildInto(Path root) throws IOException {
        Path work = Files.createDirectories(root.resolve(".festival"));
        List<Speaker> speakers = new ArrayList<>();
        for (int v = 0; v < VOICES.size(); v++) {
            for (int p = 0; p < PITCH_SHIFTS.size(); p++) {
                int index = speakers.size();
                speakers.add(new Speaker(String.valueOf(100 + index), String.valueOf(1000 + index), VOICES.get(v), PITCH_SHIFTS.get(p), index));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<List<Synthesised>>> jobs = new ArrayList<>();
            for (Speaker s : speakers) {
                jobs.add(pool.submit(() -> synthesise(s, work, root)));
            }
            List<Synthesised> all = new ArrayList<>();
            for (Future<List<Synthesised>> job : jobs) {
                all.addAll(job.get());
            }
            writeLabels(root, all);
            FileTrees.deleteRecursively(work);
            Files.writeString(root.resolve(COMPLETE_MARKER), all.size() + " utterances\n");
            return all.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesising", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Synthesised> synthesise(Speaker speaker, Path work, Path root) throws IOException, InterruptedException {
        Random random = new Random(31L * speaker.index + 7);
        Path dir = Files.createDirectories(work.resolve(speaker.id));
        StringBuilder scheme = new StringBuilder("(voice_" + speaker.voice + ")\n");
        for (int u = 0; u < utterancesPerSpeaker; u++) {
            String text = SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + VERBS[random.nextInt(VERBS.length)] + " "
                    + OBJECTS[random.nextInt(OBJECTS.length)] + " " + ENDINGS[random.nextInt(ENDINGS.length)] + ".";
            String base = dir.resolve(String.valueOf(u)).toString();
            scheme.append("(set! utt (utt.synth (Utterance Text \"").append(text).append("\")))\n")
                    .append("(utt.save.wave utt \"").append(base).append(".wav\" 'riff)\n")
                    .append("(utt.save.segs utt \"").append(base).append(".segs\")\n");
        }
        Path script = dir.resolve("synth.scm");
        Files.writeString(script, scheme.toString());
        exec(List.of("festival", "-b", script.toString()), dir);
        Path chapterDir = Files.createDirectories(root.resolve(LibriSpeechCorpus.AUDIO_DIR).resolve(speaker.id).resolve(speaker.chapter));
        List<Synthesised> out = new ArrayList<>();
        for (int u = 0; u < utterancesPerSpeaker; u++) {
            String id = String.format(Locale.ROOT, "%s-%s-%04d", speaker.id, speaker.chapter, u);
            Path flac = chapterDir.resolve(id + ".flac");
            List<String> sox = new ArrayList<>(List.of("sox", "-D", dir.resolve(u + ".wav").toString(),
                    "-r", "16000", "-b", "16", "-c", "1", flac.toString(), "gain", "-n", "-3"));
            if (speaker.pitchCents != 0) {
                sox.addAll(List.of("pitch", String.valueOf(speaker.pitchCents)));
            }
            sox.addAll(List.of("rate", "16000"));
            exec(sox, dir);
            int samples = FlacAudio.read(flac, LibriSpeechCorpus.SAMPLE_RATE).length;
            out.add(new Synthesised(id, speaker, readSegments(dir.resolve(u + ".segs")), samples, u));
        }
        return out;
    }

    /** Festival's segment file: a header up to "#", then "endTime colour phone" per line. */
    static List<Segment> readSegments(Path segs) throws IOException {
        List<Segment> segments = new ArrayList<>();
        boolean body = false;
        for (String line : Files.readAllLines(segs, StandardCharsets.UTF_8)) {
            if (!body) {
                body = line.trim().equals("#");
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3) {
                segments.add(new Segment(Double.parseDouble(f[0]), f[2]));
            }
        }
        if (segments.isEmpty()) {
            throw new InvalidInputException(segs + ": Festival wrote no phone segments");
        }
        return segments;
    }

    private void writeLabels(Path root, List<Synthesised> utterances) throws IOException {
        TreeSet<String> phoneSet = new TreeSet<>();
        utterances.forEach(u -> u.segments.forEach(s -> phoneSet.add(s.phone)));
        Map<String, Integer> phoneIndex = new TreeMap<>();
        phoneSet.forEach(p -> phoneIndex.put(p, phoneIndex.size()));
        utterances.sort(Comparator.comparing(u -> u.id));
        StringBuilder alignments = new StringBuilder();
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (Synthesised u : utterances) {
            alignments.append(u.id);
            int frames = u.samples / LibriSpeechCorpus.SAMPLES_PER_LABEL;
            int segment = 0;
            for (int f = 0; f < frames; f++) {
                double centre = (f + 0.5) * LibriSpeechCorpus.SAMPLES_PER_LABEL / LibriSpeechCorpus.SAMPLE_RATE;
                while (segment < u.segments.size() - 1 && u.segments.get(segment).end <= centre) {
                    segment++;
                }
                alignments.append(' ').append(phoneIndex.get(u.segments.get(segment).phone));
            }
            alignments.append('\n');
            // every fifth utterance of each speaker is held out: an 80/20 split with the same speakers in both
            (u.number % 5 == 4 ? test : train).append(u.id).append('\n');
        }
        Path labels = Files.createDirectories(root.resolve(LibriSpeechCorpus.LABELS_DIR));
        Files.writeString(labels.resolve(LibriSpeechCorpus.ALIGNMENTS), alignments);
        Files.writeString(labels.resolve(LibriSpeechCorpus.TRAIN_SPLIT), train);
        Files.writeString(labels.resolve(LibriSpeechCorpus.TEST_SPLIT), test);
        StringBuilder phones = new StringBuilder();
        phoneIndex.forEach((p, i) -> phones.append(i).append(' ').append(p).append('\n'));
        Files.writeString(labels.resolve("phones.txt"), phones);
    }

    private int countUtterances() {
        return CpcLabelFiles.readSplit(dataDir.resolve(LibriSpeechCorpus.LABELS_DIR).resolve(LibriSpeechCorpus.TRAIN_SPLIT)).size()
                + CpcLabelFiles.readSplit(dataDir.resolve(LibriSpeechCorpus.LABELS_DIR).resolve(LibriSpeechCorpus.TEST_SPLIT)).size();
    }

    private static void requireTool(String tool, String packages) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new InvalidInputException(tool + ": not installed; install it with: apt-get install -y " + packages);
    }

    private static void exec(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }


    private record Speaker(String id, String chapter, String voice, int pitchCents, int index) {
    }

    record Segment(double end, String phone) {
    }

    private record Synthesised(String id, Speaker speaker, List<Segment> segments, int samples, int number) {
    }
}
