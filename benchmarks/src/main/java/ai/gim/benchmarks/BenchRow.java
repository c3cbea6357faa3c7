package ai.gim.benchmarks;

/**
 * One line of the results table: {@code gim}'s path and its peer, timed in the same process run.
 *
 * @param flops   useful FLOPs of one run (0 when not counted)
 * @param skipped why the row could not run here, or null
 */
public record BenchRow(String section, String name, String gimPath, Timing gim, String peerPath, Timing peer,
                       double flops, String skipped) {

    public static BenchRow skipped(String section, String name, String reason) {
        return new BenchRow(section, name, null, null, null, null, 0, reason);
    }

    /** Peer time over gim time: above 1, gim is faster. NaN without a peer. */
    public double speedup() {
        return gim == null || peer == null ? Double.NaN : peer.medianMs() / gim.medianMs();
    }

    public double gimGflops() {
        return gim == null || flops == 0 ? Double.NaN : flops / gim.medianMs() / 1e6;
    }

    public double peerGflops() {
        return peer == null || flops == 0 ? Double.NaN : flops / peer.medianMs() / 1e6;
    }
}
