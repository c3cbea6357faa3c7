package ai.gim.compiler.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One forward pass of a module.
 *
 * @param output      what the next module receives ({@code [batch, C, frames]} audio, {@code [patches, C, h, w]} vision)
 * @param contextRows the InfoNCE context, one row per frame or patch: {@code [rows, Dc]}
 * @param targetRows  the InfoNCE targets, {@code [rows, Dz]} (the same array as {@code contextRows} when they coincide)
 */
public record ModuleForward(INDArray output, INDArray contextRows, INDArray targetRows) {
}
