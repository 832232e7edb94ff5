using Microsoft.ML;

namespace MLNetDeep.Data;

/// <summary>
/// One validating pass over a data view: counts rows, gathers label statistics and, when the data fits under
/// the cache cap, keeps the rows as dense float arrays so that training needs no further pass.
/// </summary>
internal sealed class DataScan
{
    private DataScan(long rowCount, double labelMean, double labelStd, FeatureScaling scaling, float[]? features, float[]? labels, float[]? weights)
    {
        RowCount = rowCount;
        FeatureScaling = scaling;
        LabelMean = labelMean;
        LabelStandardDeviation = labelStd;
        Features = features;
        Labels = labels;
        Weights = weights;
    }

    public long RowCount { get; }

    public double LabelMean { get; }

    public double LabelStandardDeviation { get; }

    /// <summary>Per-feature mean and standard deviation of the scanned rows.</summary>
    public FeatureScaling FeatureScaling { get; }

    /// <summary>Row-major [RowCount, FeatureCount] when cached, else null.</summary>
    public float[]? Features { get; }

    public float[]? Labels { get; }

    public float[]? Weights { get; }

    public bool IsCached => Features is not null;

    public static DataScan Run(IDataView data, TrainingColumns columns, PredictionKind kind, long cacheCapBytes)
    {
        int f = columns.FeatureCount;
        long bytesPerRow = 4L * (f + 2);
        long maxCachedRows = Math.Min(cacheCapBytes / bytesPerRow, Array.MaxLength / Math.Max(f, 1));
        long? known = data.GetRowCount();
        int capacity = (int)Math.Min(known ?? 1024, Math.Max(maxCachedRows, 0));
        var cache = maxCachedRows > 0 ? new Growable(capacity, f) : null;

        Span<float> row = new float[f];
        long count = 0;
        double mean = 0, m2 = 0;
        var featureMean = new double[f];
        var featureM2 = new double[f];
        using (var reader = new RowReader(data, columns, kind))
        {
            while (reader.MoveNext())
            {
                reader.Read(row, out float label, out float weight);
                count++;
                double delta = label - mean;
                mean += delta / count;
                m2 += delta * (label - mean);
                for (int i = 0; i < f; i++)
                {
                    double d = row[i] - featureMean[i];
                    featureMean[i] += d / count;
                    featureM2[i] += d * (row[i] - featureMean[i]);
                }
                if (cache is not null)
                {
                    if (count <= maxCachedRows)
                        cache.Add(row, label, weight);
                    else
                        cache = null;
                }
            }
        }

        if (count == 0)
            throw new InvalidOperationException("The training data has no rows. Check the data source and any filters applied before DeepMlp.");
        double std = count > 1 ? Math.Sqrt(m2 / (count - 1)) : 0;
        var scaling = FeatureScaling.FromMoments(featureMean, featureM2, count);
        return new DataScan(count, mean, std, scaling, cache?.TrimmedFeatures(), cache?.TrimmedLabels(), cache?.TrimmedWeights());
    }

    /// <summary>Dense row storage that grows by doubling.</summary>
    private sealed class Growable(int capacity, int featureCount)
    {
        private float[] _features = new float[(long)Math.Max(capacity, 1) * featureCount];
        private float[] _labels = new float[Math.Max(capacity, 1)];
        private float[] _weights = new float[Math.Max(capacity, 1)];
        private int _count;

        public void Add(ReadOnlySpan<float> features, float label, float weight)
        {
            if (_count == _labels.Length)
            {
                int grown = (int)Math.Min(2L * _labels.Length, Array.MaxLength / Math.Max(featureCount, 1));
                Array.Resize(ref _features, grown * featureCount);
                Array.Resize(ref _labels, grown);
                Array.Resize(ref _weights, grown);
            }
            features.CopyTo(_features.AsSpan(_count * featureCount, featureCount));
            _labels[_count] = label;
            _weights[_count] = weight;
            _count++;
        }

        public float[] TrimmedFeatures() => Trim(_features, _count * featureCount);

        public float[] TrimmedLabels() => Trim(_labels, _count);

        public float[] TrimmedWeights() => Trim(_weights, _count);

        private static float[] Trim(float[] a, int length)
        {
            if (a.Length != length)
                Array.Resize(ref a, length);
            return a;
        }
    }
}
