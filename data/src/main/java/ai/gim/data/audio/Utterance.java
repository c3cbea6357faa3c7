package ai.gim.data.audio;

import java.nio.file.Path;

/** One LibriSpeech utterance, {@code <speaker>-<chapter>-<number>}, and where its FLAC file lives. */
public record Utterance(String id, String speaker, String chapter, Path file) {
}
