/**
 * {@code gim-compile}: lowers a spec to SameDiff graphs, trains every gradient-isolated module greedily
 * with its own InfoNCE loss, and compiles the frozen modules to standalone ONNX files.
 */
package ai.gim.compiler;
