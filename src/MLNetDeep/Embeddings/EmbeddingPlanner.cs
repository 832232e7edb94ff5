using MLNetDeep.Data;

namespace MLNetDeep.Embeddings;

/// <summary>Learns an <see cref="EmbeddingPlan"/> from the training rows and the fit's standardization.</summary>
internal static class EmbeddingPlanner
{
    /// <summary>The most rows bin edges are learned from (evenly spaced over the training rows).</summary>
    public const int MaxBinRows = 50_000;

    /// <summary>
    /// The input embedding the options ask for (null for none), learned from the training rows, or the initial model's
    /// (<paramref name="fitted"/>, a warm start); and the standardization the batch sources apply with it: the plan's.
    /// </summary>
    public static (Standardization Standardization, EmbeddingPlan? Embedding) Plan(
        DeepMlpOptionsBase options, Microsoft.ML.DataViewSchema schema, Standardization standardization, DataScan scan, TrainingColumns columns, EmbeddingPlan? fitted = null)
    {
        // A warm start keeps the initial model's bins and standardization; the unknown-key rate is a training setting.
        EmbeddingPlan? plan = fitted is not null ? fitted with { UnknownKeyRate = options.UnknownKeyRate } : (EmbeddingPlan.Needed(options)
            ? Learn(options, CategoricalInputs.Resolve(options, schema, "training data"), standardization, scan, columns.FeatureCount, columns.ClassCount)
            : null);
        return plan is null ? (standardization, null) : (standardization with { Features = new FeatureScaling(plan.Mean, plan.Scale) }, plan);
    }

    /// <param name="options">The trainer's options.</param>
    /// <param name="categorical">The key columns, or null.</param>
    /// <param name="standardization">The fit's standardization of the network's inputs (its imputation included).</param>
    /// <param name="scan">The training rows: cached, or a sample of them.</param>
    /// <param name="rowWidth">Values per scanned row (features and key values).</param>
    /// <param name="classCount">Classes of a classification label (0 for regression).</param>
    /// <returns>The plan, with identity standardization at the key slots.</returns>
    public static EmbeddingPlan Learn(DeepMlpOptionsBase options, CategoricalInputs? categorical, Standardization standardization, DataScan scan, int rowWidth, int classCount)
    {
        int keys = categorical?.Names.Count ?? 0;
        int start = rowWidth - keys;
        int[] cardinalities = categorical is null ? [] : [.. categorical.Cardinalities];
        int[] dimensions = options.CategoricalEmbeddingDimensions is { } given ? [.. given] : [.. cardinalities.Select(EmbeddingPlan.DefaultDimension)];
        var mean = (float[])standardization.Features.Mean.Clone();
        var scale = (float[])standardization.Features.Scale.Clone();
        Array.Fill(mean, 0f, start, keys);
        Array.Fill(scale, 1f, start, keys);
        var plan = new EmbeddingPlan(standardization.InputSize, start, cardinalities, dimensions, options.UnknownKeyRate, mean, scale,
            options.NumericalEmbedding, options.NumberOfEmbeddingBins, [], [], options.PeriodicFrequencies, options.PeriodicSigma, options.NumericalEmbeddingDimension);
        if (options.NumericalEmbedding != NumericalEmbedding.PiecewiseLinear)
            return plan;
        var (left, width) = LearnBins(options, plan, standardization.Imputation, scan, rowWidth, classCount);
        return plan with { BinLeft = left, BinWidth = width };
    }

    private static (float[] Left, float[] Width) LearnBins(DeepMlpOptionsBase options, EmbeddingPlan plan, MissingValueImputation? imputation, DataScan scan, int rowWidth, int classCount)
    {
        if (options.TargetAwareBins && !scan.IsCached)
            throw new InvalidOperationException($"TargetAwareBins needs the training rows cached, but they exceed MaxCacheSizeInMegabytes = {options.MaxCacheSizeInMegabytes}. "
                + "Raise MaxCacheSizeInMegabytes, or set TargetAwareBins = false for quantile bins (learned from a sample).");
        ReadOnlySpan<float> rows = scan.Features is { } cached ? cached : scan.Sample is { } sample ? sample.Rows : [];
        int rowCount = rows.Length / rowWidth;
        int stride = Math.Max(1, (int)Math.Ceiling(rowCount / (double)MaxBinRows));
        int[] picked = [.. Enumerable.Range(0, (rowCount + stride - 1) / stride).Select(i => i * stride)];
        double[]? targets = options.TargetAwareBins ? Targets(scan.Labels!, picked, classCount) : null;
        int bins = plan.Bins;
        var left = new float[plan.NumericCount * bins];
        var width = new float[left.Length];
        Array.Fill(left, EmbeddingPlan.UnusedBinLeft);
        Array.Fill(width, 1f);
        int input = 0;
        foreach (int slot in plan.NumericSlots)
        {
            var values = new double[picked.Length];
            for (int i = 0; i < picked.Length; i++)
                values[i] = (Raw(rows.Slice(picked[i] * rowWidth, rowWidth), slot, rowWidth, imputation) - plan.Mean[slot]) / plan.Scale[slot];
            double[] edges = targets is null ? BinEdges.Quantiles(values, bins) : BinEdges.TargetAware(values, targets, Math.Max(1, classCount > 2 ? classCount : 1), bins);
            for (int b = 0; b + 1 < edges.Length; b++)
            {
                left[(input * bins) + b] = (float)edges[b];
                width[(input * bins) + b] = (float)(edges[b + 1] - edges[b]);
            }
            input++;
        }
        return (left, width);
    }

    /// <summary>The network's input <paramref name="slot"/> of a scanned row: the value (imputed when missing) or a missing-value indicator.</summary>
    private static double Raw(ReadOnlySpan<float> row, int slot, int rowWidth, MissingValueImputation? imputation)
    {
        if (slot >= rowWidth)
            return float.IsNaN(row[imputation!.IndicatorSlots[slot - rowWidth]]) ? 1 : 0;
        float value = row[slot];
        return float.IsNaN(value) && imputation is not null ? imputation.Values[slot] : value;
    }

    /// <summary>The rows' targets: the label (regression, binary), or the class one-hot (multiclass).</summary>
    private static double[] Targets(float[] labels, int[] picked, int classCount)
    {
        if (classCount <= 2)
            return [.. picked.Select(i => (double)labels[i])];
        var targets = new double[picked.Length * classCount];
        for (int i = 0; i < picked.Length; i++)
            targets[(i * classCount) + (int)labels[picked[i]]] = 1;
        return targets;
    }
}
