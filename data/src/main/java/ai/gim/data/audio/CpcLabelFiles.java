package ai.gim.data.audio;

import ai.gim.models.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parsers for the label files CPC published for LibriSpeech train-clean-100: {@code train_split.txt}
 * and {@code test_split.txt} (one utterance id per line) and {@code converted_aligned_phones.txt}
 * (an utterance id, then one phone index per 10 ms frame).
 */
public final class CpcLabelFiles {

    static final Pattern UTTERANCE_ID = Pattern.compile("\\d+-\\d+-\\d+");

    private CpcLabelFiles() {
    }

    public static List<String> readSplit(Path file) {
        List<String> ids = new ArrayList<>();
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i).trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!UTTERANCE_ID.matcher(id).matches()) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": '" + id
                        + "' is not an utterance id; expected <speaker>-<chapter>-<utterance>");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw new InvalidInputException(file + ": lists no utterances");
        }
        return ids;
    }

    public static Map<String, int[]> readAlignments(Path file) {
        Map<String, int[]> alignments = new LinkedHashMap<>();
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (!UTTERANCE_ID.matcher(fields[0]).matches()) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": '" + fields[0]
                        + "' is not an utterance id; expected <speaker>-<chapter>-<utterance> then phone indices");
            }
            if (fields.length < 2) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": utterance " + fields[0] + " has no phone labels");
            }
            int[] phones = new int[fields.length - 1];
            for (int j = 1; j < fields.length; j++) {
                try {
                    phones[j - 1] = Integer.parseInt(fields[j]);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(file + " line " + (i + 1) + ": label " + j + " of utterance "
                            + fields[0] + " is '" + fields[j] + "'; expected a non-negative phone index");
                }
                if (phones[j - 1] < 0) {
                    throw new InvalidInputException(file + " line " + (i + 1) + ": label " + j + " of utterance "
                            + fields[0] + " is " + phones[j - 1] + "; expected a non-negative phone index");
                }
            }
            alignments.put(fields[0], phones);
        }
        return alignments;
    }

    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
