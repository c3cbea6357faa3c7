package ai.gim.data.audio;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Keeps decoded utterances in memory up to a sample budget, dropping the least recently used. */
final class AudioCache {

    private final long maxSamples;
    private final LinkedHashMap<Path, float[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long samples;

    AudioCache(long maxSamples) {
        this.maxSamples = maxSamples;
    }

    synchronized float[] get(Path file, Function<Path, float[]> decode) {
        float[] audio = entries.get(file);
        if (audio == null) {
            audio = decode.apply(file);
            entries.put(file, audio);
            samples += audio.length;
            var it = entries.entrySet().iterator();
            while (samples > maxSamples && entries.size() > 1) {
                Map.Entry<Path, float[]> eldest = it.next();
                samples -= eldest.getValue().length;
                it.remove();
            }
        }
        return audio;
    }
}
