using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// The soak section's data: seeded synthetic binary rows (a noisy linear rule over <see cref="FeatureCount"/>
/// features), the row and prediction classes its engines use, and the small networks it fits.
/// </summary>
internal static class SoakData
{
    public const int FeatureCount = 8;

    /// <summary><paramref name="count"/> rows drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public static SoakRow[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        float[] weights = [1.0f, -0.8f, 0.6f, -0.4f, 0.3f, 0.2f, -0.1f, 0.05f];
        var rows = new SoakRow[count];
        for (int i = 0; i < count; i++)
        {
            var features = new float[FeatureCount];
            double margin = 0;
            for (int j = 0; j < FeatureCount; j++)
            {
                features[j] = (float)(random.NextDouble() * 2 - 1);
                margin += weights[j] * features[j];
            }
            margin += 0.2 * (random.NextDouble() - 0.5);
            rows[i] = new SoakRow { Features = features, Label = margin > 0 };
        }
        return rows;
    }

    /// <summary>A seeded fit of a small network: hidden layers <paramref name="hidden"/>, <paramref name="epochs"/> epochs.</summary>
    public static DeepMlpTransformer<BinaryClassificationTask> Fit(MLContext ml, IDataView data, int[] hidden, int epochs, int seed) =>
        ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: hidden, numberOfEpochs: epochs, batchSize: 32, seed: seed).Fit(data);
}

/// <summary>One synthetic row: the features and the Boolean label.</summary>
internal sealed class SoakRow
{
    [VectorType(SoakData.FeatureCount)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>The binary prediction columns.</summary>
internal sealed class SoakScore
{
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}
