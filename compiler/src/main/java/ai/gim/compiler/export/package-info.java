/**
 * Compiles trained modules to standalone ONNX models (opset 17, weights as initializers, dynamic batch
 * and time axes), checks each against its SameDiff module, and writes the artifact directory.
 */
package ai.gim.compiler.export;
