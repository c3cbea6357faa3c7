/**
 * Image data: readers for STL-10's binary files, IDX (MNIST, Fashion-MNIST; gzip'd or raw) and
 * class-per-folder PNG/JPEG trees, into one in-memory {@link ai.gim.data.image.ImageSet}; the crops,
 * flips, grayscale conversion and normalisation GIM trains and evaluates with.
 */
package ai.gim.data.image;
