package ai.gim.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.gim.benchmarks.torch.Torch;
import ai.gim.benchmarks.torch.TorchInfoNce;
import ai.gim.benchmarks.torch.TorchModule;
import ai.gim.benchmarks.torch.TorchTrainingStep;
import ai.gim.compiler.graph.InfoNceLoss;
import ai.gim.compiler.graph.InfoNceSampler;
import ai.gim.compiler.graph.PredictionTargets;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.compiler.graph.TrainableModule;
import ai.gim.compiler.train.ModuleTrainer;
import ai.gim.models.FlopCount;
import ai.gim.models.InfoNceSettings;
import ai.gim.models.ModuleSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.DoubleSupplier;

/**
 * One greedy training step (forward, InfoNCE, backward, Adam) of one audio module on a batch of the
 * frozen module below's output, in {@code gim}'s trainer (the module {@link TrainableModule#of} picks,
 * as {@code gim-compile} does) and in libtorch, from the same weights, predictor and input.
 */
public final class TrainingSteps {

    private static final long SEED = 7;

    private final EncoderFixture fixture;
    private final int module;
    private final int batch;
    private final int inputLength;
    private final InfoNceSettings settings;
    private final double learningRate;
    private final float[] input;

    /**
     * @param windowSamples samples of a training window at module 0
     */
    public TrainingSteps(EncoderFixture fixture, int module, int batch, int windowSamples, InfoNceSettings settings,
                         double learningRate) {
        this.fixture = fixture;
        this.module = module;
        this.batch = batch;
        this.settings = settings;
        this.learningRate = learningRate;
        long length = windowSamples;
        for (int k = 0; k < module; k++) {
            length = fixture.modules().get(k).outputLength(length);
        }
        this.inputLength = Math.toIntExact(length);
        float[] x = EncoderFixture.noise(inputShape(), 3);
        if (module > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.abs(x[i]); // the module below ends in a ReLU
            }
        }
        this.input = x;
    }

    public long[] inputShape() {
        return new long[]{batch, spec().inputChannels(), inputLength};
    }

    private ModuleSpec spec() {
        return fixture.modules().get(module);
    }

    private int frames() {
        return Math.toIntExact(spec().outputLength(inputLength));
    }

    private INDArray initialPredictor() {
        return InfoNceLoss.initialPredictor(spec().outputChannels(), spec().encoderChannels(), settings.predictionSteps(),
                SEED, DataType.FLOAT);
    }

    /**
     * FLOPs of the step, counted as three times the forward pass of the module and of the loss's
     * matrix products (forward, then the two backward products); the module's input gradient is not
     * needed, so this slightly overstates the work for the first layer of each module.
     */
    public double flops() {
        long rows = (long) batch * frames();
        long anchors = settings.anchorsPerBatch() == 0 ? rows : Math.min(rows, settings.anchorsPerBatch());
        double loss = 2.0 * anchors * settings.predictionSteps() * spec().encoderChannels()
                * (spec().outputChannels() + 1 + settings.negatives());
        return 3 * (FlopCount.forward(spec(), batch, inputLength) + loss);
    }

    public Workload gim() {
        DoubleSupplier step = gimStepper();
        return step::getAsDouble;
    }

    public Workload torch(NDManager manager) {
        DoubleSupplier step = torchStepper(manager);
        return step::getAsDouble;
    }

    /** Each call takes one gim step and returns its loss. */
    public DoubleSupplier gimStepper() {
        SameDiffModuleGraph graph = SameDiffModuleGraph.build(spec(), inputLength, DataType.FLOAT, fixture.parameters(module));
        ModuleTrainer trainer = new ModuleTrainer(TrainableModule.of(graph, batch), batch, PredictionTargets.alongTime(frames()), settings,
                initialPredictor(), learningRate, SEED);
        INDArray x = Nd4j.create(input, inputShape(), 'c');
        return () -> trainer.step(x).loss();
    }

    /** Each call takes one libtorch step and returns its loss. */
    public DoubleSupplier torchStepper(NDManager manager) {
        TorchModule torchModule = TorchModule.of(spec(), fixture.parameters(module), manager, true);
        NDArray predictor = Torch.array(initialPredictor(), manager);
        TorchTrainingStep step = new TorchTrainingStep(torchModule, predictor,
                new InfoNceSampler(batch, PredictionTargets.alongTime(frames()), settings, SEED),
                new TorchInfoNce(settings.predictionSteps(), settings.negatives()), learningRate);
        NDArray x = manager.create(input, new Shape(inputShape()));
        return () -> step.step(x);
    }
}
