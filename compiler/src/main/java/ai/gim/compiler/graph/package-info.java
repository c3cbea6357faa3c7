/**
 * Lowering of a {@link ai.gim.models.ModuleSpec} to a trainable SameDiff graph, and the InfoNCE head.
 * Everything here is built from SameDiff operations whose gradients pass a numerical check
 * (conv1d, mmul, reshape, permute, concat, logSoftmax on the last axis, sigmoid, tanh, unstack/stack).
 */
package ai.gim.compiler.graph;
