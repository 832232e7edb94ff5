using Microsoft.ML;

namespace MLNetDeep.Data;

/// <summary>
/// One validating pass over a data view: counts rows, gathers label statistics and, when the data fits under
/// the cache cap, keeps the rows as dense float arrays so that training needs no further pass.
/// </summary>
internal sealed class DataScan : IDisposable
{
    private DataScan(
        long rowCount, double labelMean, double labelStd, SlotMoments slots, double[] classCounts, double weightSum, float[]? features, float[]? labels, float[]? weights)
    {
        RowCount = rowCount;
        WeightSum = weightSum;
        Slots = slots;
        FeatureScaling = slots.ToScaling();
        LabelMean = labelMean;
        LabelStandardDeviation = labelStd;
        ClassCounts = classCounts;
        Features = features;
        Labels = labels;
        Weights = weights;
    }

    public long RowCount { get; }

    public double LabelMean { get; }

    public double LabelStandardDeviation { get; }

    /// <summary>Per-feature mean and standard deviation of the scanned rows' present (non-NaN) values.</summary>
    public FeatureScaling FeatureScaling { get; }

    /// <summary>Per-slot moments of the present values and missing-value counts.</summary>
    public SlotMoments Slots { get; }

    /// <summary>A seeded sample of the rows when they were not cached (for medians); null when cached.</summary>
    public RowSample? Sample { get; private init; }

    /// <summary>Row-major [RowCount, FeatureCount] when cached, else null.</summary>
    public float[]? Features { get; }

    public float[]? Labels { get; }

    public float[]? Weights { get; }

    /// <summary>Rows per class (binary: [false, true]; multiclass: key order); empty for regression.</summary>
    public double[] ClassCounts { get; }

    /// <summary>The sum of the example weights (the row count without a weight column).</summary>
    public double WeightSum { get; }

    public bool IsCached => Features is not null;

    /// <summary>The validated rows in a temporary file when they did not fit under the cache cap and spilling is on.</summary>
    public RowSpill? Spill { get; private set; }

    /// <summary>Reads the scanned rows again: from the spill file when there is one, else from <paramref name="data"/>.</summary>
    public IRowCursor OpenRows(IDataView data, TrainingColumns columns) =>
        Spill is { } spill ? spill.OpenReader() : new RowReader(data, columns);

    public void Dispose() => Spill?.Dispose();

    /// <param name="data">The rows.</param>
    /// <param name="columns">The columns to read.</param>
    /// <param name="cacheCapBytes">Largest size kept in memory.</param>
    /// <param name="spillDirectory">When the rows exceed the cap, write them to a spill file in this folder (null: the system's temporary folder); see <paramref name="spill"/>.</param>
    /// <param name="spill">Whether rows over the cap are spilled to disk for the later epochs.</param>
    /// <param name="throwIfCanceled">Called every 4,096 rows; throws to stop the scan (its spill file is deleted).</param>
    /// <param name="sampleRows">Whether rows that are not cached are sampled even without missing values to impute (piecewise-linear bins are learned from them).</param>
    public static DataScan Run(
        IDataView data, TrainingColumns columns, long cacheCapBytes, bool spill = false, string? spillDirectory = null, Action? throwIfCanceled = null,
        bool sampleRows = false)
    {
        int f = columns.FeatureCount;
        long bytesPerRow = 4L * (f + 2);
        long maxCachedRows = Math.Min(cacheCapBytes / bytesPerRow, Array.MaxLength / Math.Max(f, 1));
        long? known = data.GetRowCount();
        int capacity = (int)Math.Min(known ?? 1024, Math.Max(maxCachedRows, 0));
        var cache = maxCachedRows > 0 ? new Growable(capacity, f) : null;

        Span<float> row = new float[f];
        bool sampled = columns.AllowMissing || sampleRows;
        var moments = new Moments(f, columns.ClassCount, sample: sampled && maxCachedRows <= 0);
        RowSpill? spillFile = null;
        try
        {
            using (var reader = new RowReader(data, columns))
            {
                while (reader.MoveNext())
                {
                    reader.Read(row, out float label, out float weight);
                    moments.Add(row, label, weight);
                    if ((moments.Count & 4095) == 0)
                        throwIfCanceled?.Invoke();
                    if (spillFile is not null)
                    {
                        spillFile.Append(row, label, weight);
                    }
                    else if (cache is not null && moments.Count > maxCachedRows)
                    {
                        spillFile = spill ? cache.MoveTo(new RowSpill(f, spillDirectory)) : null;
                        spillFile?.Append(row, label, weight);
                        if (sampled)
                            moments.StartSample(cache, row);
                        cache = null;
                    }
                    else if (cache is not null)
                    {
                        cache.Add(row, label, weight);
                    }
                    else if (spill)
                    {
                        // A cap of zero: nothing was cached, every row goes to the spill file.
                        spillFile = new RowSpill(f, spillDirectory);
                        spillFile.Append(row, label, weight);
                    }
                }
            }

            if (moments.Count == 0)
                throw new InvalidOperationException("The training data has no rows. Check the data source and any filters applied before DeepMlp.");
            spillFile?.Complete();
            var scan = moments.ToScan(cache?.TrimmedFeatures(), cache?.TrimmedLabels(), cache?.TrimmedWeights());
            scan.Spill = spillFile;
            return scan;
        }
        catch
        {
            spillFile?.Dispose();
            throw;
        }
    }

    /// <summary>The cached rows at <paramref name="rows"/> (0-based, in that order) as a scan of their own, with their own statistics.</summary>
    public DataScan Subset(IReadOnlyList<int> rows)
    {
        if (!IsCached)
            throw new InvalidOperationException("Only cached rows can be split.");
        int f = FeatureScaling.Mean.Length;
        var features = new float[(long)rows.Count * f];
        var labels = new float[rows.Count];
        var weights = new float[rows.Count];
        var moments = new Moments(f, ClassCounts.Length, sample: false);
        for (int i = 0; i < rows.Count; i++)
        {
            var source = Features.AsSpan(rows[i] * f, f);
            source.CopyTo(features.AsSpan(i * f, f));
            labels[i] = Labels![rows[i]];
            weights[i] = Weights![rows[i]];
            moments.Add(source, labels[i], weights[i]);
        }
        return moments.ToScan(features, labels, weights);
    }

    /// <summary>Running (Welford) mean and variance of the label, the slots' moments, rows per class, the weight sum, a row sample.</summary>
    private sealed class Moments(int featureCount, int classCount, bool sample)
    {
        private readonly SlotMoments _slots = new(featureCount);
        private RowSample? _sample = sample ? new RowSample(featureCount) : null;
        private readonly double[] _classCounts = new double[classCount];
        private double _mean, _m2, _weightSum;

        public long Count { get; private set; }

        public void Add(ReadOnlySpan<float> row, float label, float weight)
        {
            Count++;
            _weightSum += weight;
            double delta = label - _mean;
            _mean += delta / Count;
            _m2 += delta * (label - _mean);
            _slots.Add(row);
            _sample?.Add(row);
            if (classCount > 0)
                _classCounts[(int)label]++;
        }

        /// <summary>Starts the row sample when the rows stop fitting the cache: from the cached rows, then <paramref name="current"/> (already counted).</summary>
        public void StartSample(Growable cached, ReadOnlySpan<float> current)
        {
            _sample = new RowSample(featureCount);
            cached.AddTo(_sample);
            _sample.Add(current);
        }

        public DataScan ToScan(float[]? features, float[]? labels, float[]? weights)
        {
            double std = Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0;
            return new DataScan(Count, _mean, std, _slots, _classCounts, _weightSum, features, labels, weights) { Sample = features is null ? _sample : null };
        }
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

        /// <summary>Writes the rows held so far to <paramref name="spill"/> and returns it.</summary>
        public RowSpill MoveTo(RowSpill spill)
        {
            for (int i = 0; i < _count; i++)
                spill.Append(_features.AsSpan(i * featureCount, featureCount), _labels[i], _weights[i]);
            return spill;
        }

        /// <summary>Adds the rows held so far to <paramref name="sample"/>.</summary>
        public void AddTo(RowSample sample)
        {
            for (int i = 0; i < _count; i++)
                sample.Add(_features.AsSpan(i * featureCount, featureCount));
        }

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
