/**
 * Runs exported GIM modules on ONNX Runtime alone (CUDA when it loads, CPU otherwise): loading and
 * verifying an artifact, chaining its modules, and extracting features in batches. No DL4J/ND4J here.
 */
package ai.gim.runtime;
