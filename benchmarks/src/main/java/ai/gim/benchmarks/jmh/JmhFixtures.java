package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.EncoderFixture;
import ai.gim.models.AudioPreset;
import ai.gim.models.VisionEncoderSpec;
import ai.gim.models.VisionPreset;

/** The fixtures the JMH states share with {@code gim-bench}: the paper-width encoders with seeded weights. */
final class JmhFixtures {

    static final int WINDOW = AudioPreset.PAPER.spec().windowSamples();

    private JmhFixtures() {
    }

    static EncoderFixture audio() {
        return new EncoderFixture(AudioPreset.PAPER.spec().cut(6), EncoderFixture.Pooling.OVER_TIME, 0, 2);
    }

    static VisionEncoderSpec visionSpec() {
        return VisionPreset.PAPER.spec(1, "bottleneck");
    }

    /** Vision module 0 (patch grid, stem, stage 1). */
    static EncoderFixture visionModule() {
        VisionEncoderSpec spec = visionSpec();
        return new EncoderFixture(spec.cut(3).subList(0, 1), EncoderFixture.Pooling.PER_IMAGE, spec.patchesPerImage(), 2);
    }
}
