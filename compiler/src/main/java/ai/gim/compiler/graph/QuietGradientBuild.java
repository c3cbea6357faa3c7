package ai.gim.compiler.graph;

import org.nd4j.autodiff.samediff.SameDiff;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Builds a graph's gradient function up front with standard output muted: SameDiff 1.0.0-M2.1 prints
 * "Added differentiated op" to System.out for every op (thousands for an unrolled GRU), which would
 * bury the progress bar.
 */
final class QuietGradientBuild {

    private QuietGradientBuild() {
    }

    static synchronized void createGradients(SameDiff sd) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(original);
        }
    }
}
