/**
 * Lowering of a {@link ai.gim.models.ModuleSpec} to a trainable SameDiff graph, and the InfoNCE head.
 * Everything here is built from SameDiff operations whose gradients pass a numerical check
 * (conv1d, conv2d, mmul, reshape, permute, concat, max/exp/sum/log for a float-safe log-softmax, mean,
 * sigmoid, tanh, unstack/stack). SameDiff's own logSoftmax is not used: in float it yields -inf, then NaN.
 */
package ai.gim.compiler.graph;
