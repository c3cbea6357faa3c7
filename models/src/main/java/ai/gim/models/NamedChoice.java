package ai.gim.models;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Command-line choices that are enum constants, named by their lower-case names. */
public final class NamedChoice {

    private NamedChoice() {
    }

    public static String id(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} named {@code name}, or a bad-input error such as
     * {@code --preset: unknown audio preset 'huge'; expected paper or demo}.
     */
    public static <E extends Enum<E>> E of(Class<E> type, String name, String option, String what) {
        E[] choices = type.getEnumConstants();
        for (E choice : choices) {
            if (id(choice).equals(name)) {
                return choice;
            }
        }
        List<String> ids = Arrays.stream(choices).map(NamedChoice::id).toList();
        String expected = ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
        throw new InvalidInputException(option + ": unknown " + what + " '" + name + "'; expected " + expected);
    }
}
