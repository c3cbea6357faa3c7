package ai.gim.data.audio;

import ai.gim.models.InvalidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The LibriSpeech/CPC readers on files written here in the real formats (FLAC via the reference encoder). */
class LibriSpeechReaderTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsFlacEncoder() {
        assumeTrue(onPath("flac"), "needs the reference FLAC encoder: apt-get install flac (.ci/run installs it)");
    }

    @Test
    void flacDecodesToTheSamplesThatWereEncoded() throws Exception {
        short[] pcm = tone(5000, 16000);
        Path flac = encode(dir.resolve("tone"), pcm, 16000, 1);
        float[] audio = FlacAudio.read(flac, 16000);
        assertEquals(pcm.length, audio.length);
        assertEquals(pcm.length, FlacAudio.sampleCount(flac));
        for (int i = 0; i < pcm.length; i++) {
            assertEquals(pcm[i] / 32768f, audio[i], 0f, "sample " + i);
        }
    }

    @Test
    void wrongSampleRateAndStereoAreRefusedNamingTheFile() throws Exception {
        Path slow = encode(dir.resolve("slow"), tone(800, 8000), 8000, 1);
        InvalidInputException rate = assertThrows(InvalidInputException.class, () -> FlacAudio.read(slow, 16000));
        assertTrue(rate.getMessage().contains("slow.flac") && rate.getMessage().contains("8000 Hz; expected 16000"), rate.getMessage());
        Path stereo = encode(dir.resolve("stereo"), tone(800, 16000), 16000, 2);
        InvalidInputException channels = assertThrows(InvalidInputException.class, () -> FlacAudio.read(stereo, 16000));
        assertTrue(channels.getMessage().contains("2 channels; expected mono"), channels.getMessage());
    }

    @Test
    void corpusResolvesSplitsAndAlignmentsInCpcLayout() throws Exception {
        Path data = corpus(Map.of("19-198-0001", 24000, "19-198-0002", 30000, "26-495-0000", 21000));
        Files.writeString(data.resolve("LibriSpeech100_labels_split/train_split.txt"), "19-198-0001\n26-495-0000\n");
        Files.writeString(data.resolve("LibriSpeech100_labels_split/test_split.txt"), "19-198-0002\n");
        Files.writeString(data.resolve("LibriSpeech100_labels_split/converted_aligned_phones.txt"),
                "19-198-0001 1 1 2 3\n19-198-0002 0 0\n26-495-0000 4 4 4\n");
        LibriSpeechCorpus corpus = LibriSpeechCorpus.open(data);
        assertEquals(List.of("19", "26"), corpus.speakers());
        assertEquals("19-198-0002", corpus.test().get(0).id());
        assertEquals(24000, corpus.audio(corpus.train().get(0)).length);
        assertArrayEquals(new int[]{1, 1, 2, 3}, corpus.alignments(corpus.train(), "train_split.txt").get("19-198-0001"));
    }

    @Test
    void windowsStartAtMultiplesOf160() throws Exception {
        Path data = corpus(Map.of("19-198-0001", 24000));
        Files.writeString(data.resolve("LibriSpeech100_labels_split/train_split.txt"), "19-198-0001\n");
        Files.writeString(data.resolve("LibriSpeech100_labels_split/test_split.txt"), "19-198-0001\n");
        LibriSpeechCorpus corpus = LibriSpeechCorpus.open(data);
        float[] audio = corpus.audio(corpus.train().get(0));
        WindowSampler sampler = new WindowSampler(corpus, corpus.train(), 20480, 160, 3);
        float[] batch = new float[4 * 20480];
        sampler.next(batch);
        for (int b = 0; b < 4; b++) {
            int start = findStart(audio, batch, b * 20480);
            assertEquals(0, start % 160, "window " + b + " starts at " + start);
        }
    }

    @Test
    void missingAudioMissingAlignmentAndBadLabelsAreClearErrors() throws Exception {
        Path data = corpus(Map.of("19-198-0001", 24000));
        Path labels = data.resolve("LibriSpeech100_labels_split");
        Files.writeString(labels.resolve("train_split.txt"), "19-198-0001\n19-198-0009\n");
        Files.writeString(labels.resolve("test_split.txt"), "19-198-0001\n");
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> LibriSpeechCorpus.open(data));
        assertTrue(missing.getMessage().contains("train_split.txt: utterance 19-198-0009 has no audio"), missing.getMessage());

        Files.writeString(labels.resolve("train_split.txt"), "19-198-0001\n");
        Files.writeString(labels.resolve("converted_aligned_phones.txt"), "26-495-0000 1 2\n");
        LibriSpeechCorpus corpus = LibriSpeechCorpus.open(data);
        InvalidInputException unaligned = assertThrows(InvalidInputException.class, () -> corpus.alignments(corpus.train(), "train_split.txt"));
        assertTrue(unaligned.getMessage().contains("utterance 19-198-0001 has no alignment in"), unaligned.getMessage());

        Files.writeString(labels.resolve("converted_aligned_phones.txt"), "19-198-0001 1 2\n19-198-0002 3 x 4\n");
        LibriSpeechCorpus fresh = LibriSpeechCorpus.open(data);
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> fresh.alignments(fresh.train(), "train_split.txt"));
        assertTrue(bad.getMessage().contains("line 2: label 2 of utterance 19-198-0002 is 'x'"), bad.getMessage());

        Files.writeString(labels.resolve("test_split.txt"), "not-an-id\n");
        InvalidInputException id = assertThrows(InvalidInputException.class, () -> LibriSpeechCorpus.open(data));
        assertTrue(id.getMessage().contains("test_split.txt line 1: 'not-an-id' is not an utterance id"), id.getMessage());
    }

    private Path corpus(Map<String, Integer> utterances) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("LibriSpeech100_labels_split"));
        int seed = 1;
        for (Map.Entry<String, Integer> u : utterances.entrySet()) {
            String[] p = u.getKey().split("-");
            Path chapter = Files.createDirectories(data.resolve("LibriSpeech/train-clean-100").resolve(p[0]).resolve(p[1]));
            short[] pcm = new short[u.getValue()];
            java.util.Random r = new java.util.Random(seed++);
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) r.nextInt(-8000, 8000);
            }
            encode(chapter.resolve(u.getKey()), pcm, 16000, 1);
        }
        return data;
    }

    private static int findStart(float[] audio, float[] batch, int offset) {
        outer:
        for (int s = 0; s + 20480 <= audio.length; s++) {
            for (int i = 0; i < 64; i++) {
                if (audio[s + i] != batch[offset + i]) {
                    continue outer;
                }
            }
            return s;
        }
        return -1;
    }

    private static short[] tone(int n, int rate) {
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) Math.round(12000 * Math.sin(2 * Math.PI * 440 * i / rate) + (i % 7) - 3);
        }
        return pcm;
    }

    /** Writes a 16-bit PCM WAV and encodes it with the reference {@code flac} encoder. */
    static Path encode(Path base, short[] pcm, int rate, int channels) throws IOException, InterruptedException {
        int frames = pcm.length;
        ByteBuffer data = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : pcm) {
            for (int c = 0; c < channels; c++) {
                data.putShort(s);
            }
        }
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes()).put("fmt ".getBytes())
                .putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16).put("data".getBytes()).putInt(data.capacity());
        wav.write(header.array());
        wav.write(data.array());
        Path wavFile = base.resolveSibling(base.getFileName() + ".wav");
        Files.write(wavFile, wav.toByteArray());
        Path flac = base.resolveSibling(base.getFileName() + ".flac");
        Process p = new ProcessBuilder("flac", "--silent", "--force", "-o", flac.toString(), wavFile.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "flac failed: " + out);
        Files.delete(wavFile);
        return flac;
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
