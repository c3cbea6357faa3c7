/**
 * {@code gim-eval}: features from each module of an exported chain (ONNX Runtime only), pooled and
 * aligned to labels, and a Tribuo linear probe per module; reports as JSON, Markdown and a plot.
 */
package ai.gim.evaluator;
