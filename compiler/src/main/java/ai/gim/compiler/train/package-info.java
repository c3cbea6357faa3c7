/** The greedy training loop: one trainer per module, Adam per module, loss log, checkpoints. */
package ai.gim.compiler.train;
