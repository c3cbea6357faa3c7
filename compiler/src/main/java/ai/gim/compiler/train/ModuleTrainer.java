package ai.gim.compiler.train;

import ai.gim.compiler.graph.InfoNceLoss;
import ai.gim.compiler.graph.ModuleForward;
import ai.gim.compiler.graph.PredictionTargets;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.compiler.graph.TrainableModule;
import ai.gim.models.InfoNceSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Trains one gradient-isolated module: forward on the (detached) output of the module below, its own
 * InfoNCE loss, back-propagation through the module only, its own Adam state.
 */
public final class ModuleTrainer {

    private final TrainableModule module;
    private final InfoNceLoss loss;
    private final AdamState moduleAdam;
    private final AdamState predictorAdam;

    /**
     * @param sequences sequences (audio windows or images) per batch
     * @param layout    where each anchor's positives are within a sequence
     */
    public ModuleTrainer(TrainableModule module, int sequences, PredictionTargets layout, InfoNceSettings settings,
                         INDArray predictor, double learningRate, long seed) {
        this.module = module;
        this.loss = new InfoNceLoss(sequences, layout, module.spec().outputChannels(), module.spec().encoderChannels(),
                settings, DataType.FLOAT, predictor, seed, module.targets() != SameDiffModuleGraph.Targets.INPUT);
        this.moduleAdam = new AdamState(learningRate);
        this.predictorAdam = new AdamState(learningRate);
    }

    /** One optimisation step on {@code input}; returns the loss and the module's output before the update. */
    public Step step(INDArray input) {
        ModuleForward f = module.forward(input);
        InfoNceLoss.Result r = loss.compute(f.contextRows(), f.targetRows());
        INDArray contextGradient = r.contextGradient();
        INDArray targetGradient = null;
        switch (module.targets()) {
            case CONTEXT -> contextGradient.addi(r.targetGradient());
            case ENCODING -> targetGradient = r.targetGradient();
            case INPUT -> { } // the input is the frozen output of the module below
        }
        Map<String, INDArray> gradients = module.parameterGradients(input, contextGradient, targetGradient);
        moduleAdam.apply(module.parameters(), gradients);
        predictorAdam.apply(Map.of("predictor", loss.predictor()), Map.of("predictor", r.predictorGradient()));
        return new Step(r.loss(), f.output());
    }

    public INDArray predictor() {
        return loss.predictor();
    }

    public record Step(double loss, INDArray output) {
    }
}
