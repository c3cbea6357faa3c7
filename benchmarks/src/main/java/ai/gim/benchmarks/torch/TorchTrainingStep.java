package ai.gim.benchmarks.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.gim.compiler.graph.InfoNceSampler;
import ai.gim.compiler.graph.SameDiffModuleGraph.Targets;
import ai.gim.models.ModuleSpec;

import java.util.Map;

/**
 * One greedy training step of one module in libtorch: forward on the (frozen) input, the module's
 * InfoNCE loss, backward through the module and its predictor, Adam. The same step
 * {@link ai.gim.compiler.train.ModuleTrainer} takes in SameDiff.
 */
public final class TorchTrainingStep {

    private final TorchModule module;
    private final NDArray predictor;
    private final InfoNceSampler sampler;
    private final TorchInfoNce loss;
    private final Targets targets;
    private final Optimizer adam;

    /**
     * @param predictor the initial {@code [Dc, steps · Dz]} predictor (made trainable here)
     */
    public TorchTrainingStep(TorchModule module, NDArray predictor, InfoNceSampler sampler, TorchInfoNce loss,
                             double learningRate) {
        this.module = module;
        this.predictor = predictor;
        this.predictor.setRequiresGradient(true);
        this.sampler = sampler;
        this.loss = loss;
        ModuleSpec spec = module.spec();
        this.targets = !spec.hasConvolution() ? Targets.INPUT : spec.hasAutoregressor() ? Targets.ENCODING : Targets.CONTEXT;
        this.adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
    }

    /** One step on {@code input} ({@code [batch, C, frames]}); returns the loss before the update. */
    public double step(NDArray input) {
        double value;
        try (NDManager scope = input.getManager().newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
                TorchModule.Outputs out = module.forward(x);
                NDArray context = frameRows(out.output());
                NDArray targetRows = switch (targets) {
                    case CONTEXT -> context;
                    case ENCODING -> frameRows(out.encoding());
                    case INPUT -> frameRows(x);
                };
                NDArray l = loss.loss(context, targetRows, predictor, sampler.draw());
                collector.backward(l);
                value = l.getFloat();
            }
        }
        update("predictor", predictor);
        for (Map.Entry<String, NDArray> p : module.parameters().entrySet()) {
            update(p.getKey(), p.getValue());
        }
        return value;
    }

    private void update(String name, NDArray parameter) {
        try (NDArray gradient = parameter.getGradient()) {
            adam.update(name, parameter, gradient);
            gradient.subi(gradient); // libtorch accumulates gradients; zero them for the next step
        }
    }

    /** {@code [batch, C, frames]} to {@code [batch·frames, C]}, frame-major within each sequence. */
    private static NDArray frameRows(NDArray channelsFirst) {
        return channelsFirst.transpose(0, 2, 1).reshape(-1, channelsFirst.getShape().get(1));
    }
}
