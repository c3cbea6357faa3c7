package ai.gim.compiler.graph;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Every SameDiff operation the training graphs use, checked one at a time against finite differences
 * (ND4J 1.0.0-M2.1 ships several with wrong gradients, so each is checked, not assumed).
 */
class SameDiffOperationGradientTest {

    static Stream<Arguments> operations() {
        return Stream.of(
                op("conv1d (NCW, padded, strided)", new long[]{2, 3, 11}, (sd, x) -> {
                    SDVariable w = sd.var("w", Nd4j.rand(DataType.DOUBLE, 4, 3, 5).subi(0.5));
                    SDVariable b = sd.var("b", Nd4j.rand(DataType.DOUBLE, 5));
                    return sd.cnn().conv1d(x, w, b, new Conv1DConfig(4, 2, 2, 1, Conv1DConfig.NCW, PaddingMode.VALID));
                }),
                op("conv2d (NCHW, padded, strided, no bias)", new long[]{2, 2, 6, 6}, (sd, x) -> sd.cnn().conv2d(x,
                        sd.var("w", Nd4j.rand(DataType.DOUBLE, 3, 3, 2, 3).subi(0.5)),
                        Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
                                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build())),
                op("conv2d with bias", new long[]{1, 2, 5, 5}, (sd, x) -> sd.cnn().conv2d(x,
                        sd.var("w", Nd4j.rand(DataType.DOUBLE, 1, 1, 2, 3).subi(0.5)), sd.var("b", Nd4j.rand(DataType.DOUBLE, 3)),
                        Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
                                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build())),
                op("mean over the spatial axes", new long[]{3, 2, 4, 4}, (sd, x) -> x.mean(2, 3)),
                op("4-D permute and reshape (patch split)", new long[]{2, 8, 3, 3}, (sd, x) -> sd.reshape(sd.permute(x, 0, 2, 3, 1), -1, 2, 2, 2)),
                op("relu", new long[]{3, 4}, (sd, x) -> sd.nn().relu(x, 0)),
                op("sigmoid", new long[]{3, 4}, (sd, x) -> sd.nn().sigmoid(x)),
                op("tanh", new long[]{3, 4}, (sd, x) -> sd.math().tanh(x)),
                op("mmul 2-D", new long[]{3, 4}, (sd, x) -> x.mmul(sd.var("w", Nd4j.rand(DataType.DOUBLE, 4, 5)))),
                op("mmul batched 3-D", new long[]{2, 3, 4}, (sd, x) -> x.mmul(sd.var("w", Nd4j.rand(DataType.DOUBLE, 2, 4, 5)))),
                op("reshape", new long[]{2, 3, 4}, (sd, x) -> sd.reshape(x, 6, 4)),
                op("reshape with -1", new long[]{2, 3, 4}, (sd, x) -> sd.reshape(x, -1, 4)),
                op("permute", new long[]{2, 3, 4}, (sd, x) -> sd.permute(x, 2, 0, 1)),
                op("sum over an axis", new long[]{2, 3, 4}, (sd, x) -> x.sum(2)),
                op("broadcast add of a bias", new long[]{3, 4}, (sd, x) -> x.add(sd.var("b", Nd4j.rand(DataType.DOUBLE, 4)))),
                op("mul, sub", new long[]{3, 4}, (sd, x) -> x.mul(x).sub(x)),
                op("concat", new long[]{2, 3, 1}, (sd, x) -> sd.concat(2, x, x.mul(2.0))),
                op("logSoftmax on the last axis", new long[]{5, 4}, (sd, x) -> sd.nn().logSoftmax(x)),
                op("log-softmax from max, exp, sum and log", new long[]{5, 4}, (sd, x) -> {
                    SDVariable shifted = x.sub(x.max(true, 1));
                    return shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
                }),
                op("unstack then stack", new long[]{4, 2, 3}, (sd, x) -> {
                    SDVariable[] slices = sd.unstack(x, 0, 4);
                    return sd.stack(2, slices[3].mul(slices[0]), slices[1], slices[2]);
                }),
                op("zerosLike feeding a product", new long[]{2, 3}, (sd, x) -> sd.zerosLike(x).add(1.0).mul(x)),
                op("neg of a sum", new long[]{2, 3}, (sd, x) -> x.sum().neg()));
    }

    private static Arguments op(String name, long[] shape, BiFunction<SameDiff, SDVariable, SDVariable> build) {
        return Arguments.of(name, shape, build);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void analyticGradientMatchesFiniteDifferences(String name, long[] shape, BiFunction<SameDiff, SDVariable, SDVariable> build) {
        Nd4j.getRandom().setSeed(7);
        SameDiff sd = SameDiff.create();
        INDArray xValue = Nd4j.rand(DataType.DOUBLE, shape).subi(0.3);
        SDVariable x = sd.var("x", xValue);
        SDVariable out = build.apply(sd, x);
        INDArray projection = Nd4j.rand(DataType.DOUBLE, out.eval().shape());
        sd.identity("loss", out.mul(sd.constant(projection)).sum());
        sd.setLossVariables("loss");
        INDArray analytic = sd.calculateGradients(Map.of(), "x").get("x");
        NumericalGradient.check(name, xValue, analytic,
                () -> sd.output(Map.of(), "loss").get("loss").getDouble(0));
    }
}
