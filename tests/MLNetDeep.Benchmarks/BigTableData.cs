using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Benchmarks;

/// <summary>One synthetic row of the big-table benchmark: <see cref="BigTableData.FeatureCount"/> floats and a Boolean label.</summary>
internal sealed class BigTableRow
{
    /// <summary>Standard normal features.</summary>
    [VectorType(BigTableData.FeatureCount)]
    public float[] Features { get; set; } = [];

    /// <summary>Whether the fixed linear rule plus noise is positive.</summary>
    public bool Label { get; set; }
}

/// <summary>
/// The synthetic binary-classification table of the big-table benchmark: <see cref="FeatureCount"/> standard normal
/// features and a label that is the sign of a fixed random linear rule (weights drawn once from seed
/// <see cref="RuleSeed"/>) plus Gaussian noise. Rows are generated lazily, one at a time, so writing 10M rows holds
/// no more than one row and ML.NET's write buffers in memory.
/// </summary>
internal static class BigTableData
{
    /// <summary>Features per row.</summary>
    public const int FeatureCount = 50;

    /// <summary>Seed of the rule's weights (the same rule for every table).</summary>
    public const int RuleSeed = 19;

    /// <summary>Standard deviation of the noise added to the rule's (unit-variance) score.</summary>
    public const double NoiseStandardDeviation = 0.5;

    /// <summary>Writes <paramref name="rows"/> rows (features from <paramref name="seed"/>) to <paramref name="path"/> as an ML.NET binary <c>.idv</c>.</summary>
    public static void WriteIdv(MLContext ml, string path, long rows, int seed)
    {
        IDataView view = ml.Data.LoadFromEnumerable(Rows(rows, seed));
        using var file = File.Create(path);
        ml.Data.SaveAsBinary(view, file);
    }

    /// <summary>The rows, generated on demand; enumerating twice gives the same rows.</summary>
    public static IEnumerable<BigTableRow> Rows(long rows, int seed)
    {
        var ruleRandom = new Random(RuleSeed);
        double[] weights = new double[FeatureCount];
        for (int j = 0; j < FeatureCount; j++) weights[j] = Normal(ruleRandom) / Math.Sqrt(FeatureCount);
        var random = new Random(seed);
        for (long i = 0; i < rows; i++)
        {
            var features = new float[FeatureCount];
            double score = NoiseStandardDeviation * Normal(random);
            for (int j = 0; j < FeatureCount; j++)
            {
                features[j] = (float)Normal(random);
                score += weights[j] * features[j];
            }
            yield return new BigTableRow { Features = features, Label = score > 0 };
        }
    }

    /// <summary>A standard normal draw (Box–Muller, one of the pair).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
