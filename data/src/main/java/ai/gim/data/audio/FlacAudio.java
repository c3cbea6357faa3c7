package ai.gim.data.audio;

import ai.gim.models.InvalidInputException;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Decodes a mono 16-bit FLAC file (with jFLAC) into samples scaled to [-1, 1). */
public final class FlacAudio {

    private FlacAudio() {
    }

    /**
     * @param expectedSampleRate the rate the caller's model was trained at; any other rate is an error
     */
    public static float[] read(Path file, int expectedSampleRate) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            FLACDecoder decoder = new FLACDecoder(in);
            Collector collector = new Collector(file, expectedSampleRate);
            decoder.addPCMProcessor(collector);
            decoder.decode();
            if (collector.info == null) {
                throw new InvalidInputException(file + ": not a FLAC stream (no STREAMINFO block)");
            }
            return collector.samples();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(file + ": cannot decode FLAC: " + e, e);
        }
    }

    /** The number of samples, from the STREAMINFO header alone (no decoding). */
    public static long sampleCount(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 12)) {
            StreamInfo info = new FLACDecoder(in).readStreamInfo();
            if (info == null) {
                throw new InvalidInputException(file + ": not a FLAC stream (no STREAMINFO block)");
            }
            return info.getTotalSamples();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read FLAC header: " + e, e);
        }
    }

    private static final class Collector implements PCMProcessor {
        private final Path file;
        private final int expectedSampleRate;
        private StreamInfo info;
        private short[] pcm = new short[0];
        private int length;

        Collector(Path file, int expectedSampleRate) {
            this.file = file;
            this.expectedSampleRate = expectedSampleRate;
        }

        @Override
        public void processStreamInfo(StreamInfo streamInfo) {
            if (streamInfo.getSampleRate() != expectedSampleRate) {
                throw new InvalidInputException(file + ": sample rate is " + streamInfo.getSampleRate()
                        + " Hz; expected " + expectedSampleRate + " Hz");
            }
            if (streamInfo.getChannels() != 1) {
                throw new InvalidInputException(file + ": has " + streamInfo.getChannels()
                        + " channels; expected mono");
            }
            if (streamInfo.getBitsPerSample() != 16) {
                throw new InvalidInputException(file + ": has " + streamInfo.getBitsPerSample()
                        + " bits per sample; expected 16");
            }
            info = streamInfo;
            pcm = new short[(int) Math.max(streamInfo.getTotalSamples(), 0)];
        }

        @Override
        public void processPCM(ByteData data) {
            int count = data.getLen() / 2;
            if (length + count > pcm.length) {
                pcm = java.util.Arrays.copyOf(pcm, Math.max(2 * pcm.length, length + count));
            }
            ShortBuffer shorts = ByteBuffer.wrap(data.getData(), 0, count * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            shorts.get(pcm, length, count);
            length += count;
        }

        float[] samples() {
            float[] out = new float[length];
            for (int i = 0; i < length; i++) {
                out[i] = pcm[i] / 32768f;
            }
            return out;
        }
    }
}
