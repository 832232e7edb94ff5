namespace MLNetDeep.Data;

/// <summary>
/// A uniform random sample of the rows seen (reservoir sampling with a fixed seed, so the same data gives the same
/// sample): what <see cref="MissingValueImputation"/> takes medians from when the rows are streamed rather than cached.
/// Holds at most <see cref="MaxValues"/> values (up to 4,096 rows).
/// </summary>
internal sealed class RowSample
{
    public const int MaxRows = 4096;

    public const int MaxValues = 4 << 20;

    private readonly int _featureCount;
    private readonly float[] _rows;
    private readonly Random _random = new(20_240_607);
    private long _seen;

    public RowSample(int featureCount)
    {
        _featureCount = featureCount;
        Capacity = Math.Max(1, Math.Min(MaxRows, MaxValues / Math.Max(featureCount, 1)));
        _rows = new float[(long)Capacity * featureCount];
    }

    /// <summary>The most rows kept.</summary>
    public int Capacity { get; }

    /// <summary>Rows held: the rows seen, up to <see cref="Capacity"/>.</summary>
    public int Count => (int)Math.Min(_seen, Capacity);

    public void Add(ReadOnlySpan<float> row)
    {
        long at = _seen < Capacity ? _seen : _random.NextInt64(_seen + 1);
        _seen++;
        if (at < Capacity)
            row.CopyTo(_rows.AsSpan((int)at * _featureCount, _featureCount));
    }

    /// <summary>Row-major [Count, featureCount].</summary>
    public ReadOnlySpan<float> Rows => _rows.AsSpan(0, Count * _featureCount);
}
