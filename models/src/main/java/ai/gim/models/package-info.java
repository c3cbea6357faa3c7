/**
 * The one source of truth for a GIM architecture: layer specs, how the stack is cut into
 * gradient-isolated modules, the InfoNCE settings, the presets, and the artifact manifest that
 * records all of it next to the exported ONNX files.
 */
package ai.gim.models;
