package ai.gim.models;

/** What a preset trains with unless the command line says otherwise. */
public record TrainingDefaults(int batchSize, double learningRate, int steps, int checkpointEvery, long seed) {
}
