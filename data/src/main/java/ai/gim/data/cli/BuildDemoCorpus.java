package ai.gim.data.cli;

import ai.gim.data.audio.FestivalCorpusBuilder;
import ai.gim.models.InvalidInputException;

import java.nio.file.Path;

/** {@code gim-demo-data DIR [UTTERANCES_PER_SPEAKER]}: builds the Festival demo corpus into DIR. */
public final class BuildDemoCorpus {

    private BuildDemoCorpus() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: gim-demo-data DIR [UTTERANCES_PER_SPEAKER (default 24)]");
            System.exit(2);
        }
        try {
            int perSpeaker = args.length == 2 ? Integer.parseInt(args[1]) : 24;
            long start = System.nanoTime();
            int count = new FestivalCorpusBuilder(Path.of(args[0]), perSpeaker).build();
            System.out.printf("demo corpus: %d utterances in %s (%.1f s)%n", count, args[0], (System.nanoTime() - start) / 1e9);
        } catch (InvalidInputException | NumberFormatException e) {
            System.err.println("gim-demo-data: " + e.getMessage());
            System.exit(2);
        }
    }
}
