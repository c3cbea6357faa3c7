package ai.gim.models;

/**
 * Input a user can fix: a missing or malformed file, a bad option. The message names the file or the
 * option, the field and what was expected; the command lines print it on one line and exit with 2.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
