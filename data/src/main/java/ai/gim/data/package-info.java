/** Readers for the datasets GIM trains and is probed on, and the offline demo-corpus builders. */
package ai.gim.data;
