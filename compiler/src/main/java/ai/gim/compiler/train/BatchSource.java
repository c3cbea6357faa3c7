package ai.gim.compiler.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Training batches for module 0: audio windows {@code [batch, 1, samples]} or images {@code [batch, C, side, side]}. */
public interface BatchSource {

    INDArray next();
}
