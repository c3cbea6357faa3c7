package ai.gim.compiler.graph;

/**
 * Where the positives of an anchor are, within one sequence of {@code positions} rows laid out as
 * {@code rows × rowStride}: step s (1-based) of the anchor at position p targets the position
 * {@code firstOffset + s - 1} rows further on, if that row exists. Audio frames are one row each
 * ({@code rowStride 1}, steps 1..K ahead in time); a vision grid predicts the patches 2.. rows below.
 */
public record PredictionTargets(int positions, int rowStride, int rows, int firstOffset) {

    public static PredictionTargets alongTime(int frames) {
        return new PredictionTargets(frames, 1, frames, 1);
    }

    public static PredictionTargets gridRowsBelow(int grid, int firstRow) {
        return new PredictionTargets(grid * grid, grid, grid, firstRow);
    }

    /** The position step {@code step} of {@code position} predicts, or -1 if it falls off the sequence. */
    public int target(int position, int step) {
        int offset = firstOffset + step - 1;
        return position / rowStride + offset < rows ? position + offset * rowStride : -1;
    }
}
