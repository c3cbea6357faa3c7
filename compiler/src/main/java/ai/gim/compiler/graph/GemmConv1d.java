package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A conv1d + ReLU layer whose kernel is a multiple m of its stride s, as m matrix products on a
 * time-major {@code [batch, time, channels]} buffer, with its backward pass written out. The
 * zero-padded input, viewed as {@code [batch · blocks, s · Cin]}, has one row per block of s
 * samples, and output frame t reads blocks t .. t+m-1: so {@code Y = Σ_j X[j : j + R] · W_j}, where
 * {@code W_j} is taps {@code j·s .. (j+1)·s} of the SameDiff weight {@code [k, Cin, Cout]} viewed as
 * {@code [k · Cin, Cout]}. No im2col copy is made; the m-1 rows per sequence that straddle two
 * sequences are computed and ignored. Every buffer is allocated once, for one batch size.
 */
final class GemmConv1d {

    private final Conv1dLayer layer;
    private final int inputChannels;
    private final int batch;
    private final int inputLength;
    private final int outputLength;
    private final int taps;           // m = kernel / stride
    private final int blocks;         // per sequence
    private final int usedRows;       // R = batch · blocks - (m - 1)
    private final INDArray weight;    // live [k, Cin, Cout]
    private final INDArray bias;      // live [Cout]
    private final INDArray padded;    // [batch, blocks · s, Cin]
    private final INDArray output;    // [batch, blocks, Cout]; frames >= outputLength are scratch
    private final INDArray outputGrad; // [batch, blocks, Cout]; scratch frames stay 0
    private final INDArray weightGrad; // [k, Cin, Cout]
    private final INDArray biasGrad;  // [Cout]
    private final INDArray paddedGrad; // [batch, blocks · s, Cin], only for a layer that passes gradients down

    static boolean supports(Conv1dLayer layer) {
        return layer.kernel() % layer.stride() == 0;
    }

    GemmConv1d(Conv1dLayer layer, int inputChannels, int batch, int inputLength, INDArray weight, INDArray bias,
               boolean passesGradientDown) {
        if (!supports(layer)) {
            throw new IllegalArgumentException("kernel " + layer.kernel() + " is not a multiple of stride " + layer.stride());
        }
        this.layer = layer;
        this.inputChannels = inputChannels;
        this.batch = batch;
        this.inputLength = inputLength;
        this.outputLength = Math.toIntExact(layer.outputLength(inputLength));
        this.taps = layer.kernel() / layer.stride();
        this.blocks = outputLength + taps - 1;
        this.usedRows = batch * blocks - (taps - 1);
        this.weight = weight;
        this.bias = bias;
        DataType t = weight.dataType();
        int s = layer.stride();
        this.padded = Nd4j.zeros(t, batch, (long) blocks * s, inputChannels);
        this.output = Nd4j.zeros(t, batch, blocks, layer.channels());
        this.outputGrad = Nd4j.zeros(t, batch, blocks, layer.channels());
        this.weightGrad = Nd4j.zeros(t, weight.shape());
        this.biasGrad = Nd4j.zeros(t, bias.shape());
        this.paddedGrad = passesGradientDown ? Nd4j.zeros(t, batch, (long) blocks * s, inputChannels) : null;
    }

    /** Samples of the input that some output frame reads (the rest of the input gets no gradient). */
    private int readLength() {
        return Math.min(inputLength, blocks * layer.stride() - layer.padding());
    }

    private INDArray inputRegion(INDArray paddedBuffer) {
        return paddedBuffer.get(NDArrayIndex.all(), NDArrayIndex.interval(layer.padding(), layer.padding() + readLength()), NDArrayIndex.all());
    }

    /**
     * @param timeMajorInput {@code [batch, inputLength, Cin]} (any strides)
     * @return the valid frames {@code [batch, outputLength, Cout]}: a view of this layer's buffer
     */
    INDArray forward(INDArray timeMajorInput) {
        inputRegion(padded).assign(timeMajorInput.get(NDArrayIndex.all(), NDArrayIndex.interval(0, readLength()), NDArrayIndex.all()));
        INDArray x = padded.reshape((long) batch * blocks, (long) layer.stride() * inputChannels);
        INDArray y = output.reshape((long) batch * blocks, layer.channels());
        INDArray yUsed = rows(y, 0, usedRows);
        for (int j = 0; j < taps; j++) {
            Nd4j.gemm(rows(x, j, usedRows), tap(weight, j), yUsed, false, false, 1.0, j == 0 ? 0.0 : 1.0);
        }
        Transforms.relu(y.addiRowVector(bias), false);
        return validFrames(output);
    }

    /**
     * Back-propagates dL/d(output frames) {@code [batch, L, Cout]} (L ≤ outputLength: the frames the
     * layer above reads; the others get no gradient): fills the weight and
     * bias gradients and, for a layer that passes gradients down, returns dL/d(input)
     * {@code [batch, inputLength', Cin]} over the samples read (a view of this layer's buffer), else null.
     */
    INDArray backward(INDArray outputFramesGrad) {
        long frames = outputFramesGrad.size(1);
        Nd4j.exec(new RectifiedLinearDerivative(firstFrames(output, frames), outputFramesGrad, firstFrames(outputGrad, frames)));
        INDArray x = padded.reshape((long) batch * blocks, (long) layer.stride() * inputChannels);
        INDArray dy = outputGrad.reshape((long) batch * blocks, layer.channels());
        INDArray dyUsed = rows(dy, 0, usedRows);
        for (int j = 0; j < taps; j++) {
            Nd4j.gemm(rows(x, j, usedRows), dyUsed, tap(weightGrad, j), true, false, 1.0, 0.0);
        }
        dy.sum(biasGrad, 0);
        if (paddedGrad == null) {
            return null;
        }
        INDArray dx = paddedGrad.reshape((long) batch * blocks, (long) layer.stride() * inputChannels);
        dx.assign(0);
        for (int j = 0; j < taps; j++) {
            Nd4j.gemm(dyUsed, tap(weight, j), rows(dx, j, usedRows), false, true, 1.0, 1.0);
        }
        return inputRegion(paddedGrad);
    }

    INDArray weightGradient() {
        return weightGrad;
    }

    INDArray biasGradient() {
        return biasGrad;
    }

    int outputLength() {
        return outputLength;
    }

    private INDArray validFrames(INDArray blockBuffer) {
        return firstFrames(blockBuffer, outputLength);
    }

    private static INDArray firstFrames(INDArray blockBuffer, long frames) {
        return blockBuffer.get(NDArrayIndex.all(), NDArrayIndex.interval(0, frames), NDArrayIndex.all());
    }

    /** Taps {@code j·s .. (j+1)·s} of a {@code [k, Cin, Cout]} array as {@code [s · Cin, Cout]}. */
    private INDArray tap(INDArray kernel, int j) {
        long rowsPerTap = (long) layer.stride() * inputChannels;
        INDArray flat = kernel.reshape((long) layer.kernel() * inputChannels, layer.channels());
        return flat.get(NDArrayIndex.interval(j * rowsPerTap, (j + 1) * rowsPerTap), NDArrayIndex.all());
    }

    private static INDArray rows(INDArray matrix, long from, long count) {
        INDArrayIndex[] index = {NDArrayIndex.interval(from, from + count), NDArrayIndex.all()};
        return matrix.get(index);
    }
}
