namespace MLNetDeep.Diagnostics;

/// <summary>
/// Finds rows of one set that also occur in a reference set (for example validation or test rows that are copies of
/// training rows, which make held-out metrics optimistic). Rows are equal when every feature value and, with
/// <c>compareLabels</c>, the label are equal (−0 equals +0; NaN equals NaN). Reference rows are indexed by a 64-bit
/// FNV-1a hash of their values, and a hash match is confirmed by comparing the values, so collisions never count.
/// This is the one implementation of row leakage checks: <c>CheckSetup</c> uses it, and the leakage checks of evaluation must too.
/// </summary>
internal sealed class DuplicateRows
{
    private readonly RowSet _reference;
    private readonly bool _compareLabels;
    private readonly Dictionary<ulong, List<int>> _index = [];

    /// <param name="reference">The rows to look in (for example the training rows).</param>
    /// <param name="compareLabels">Whether the label must match too (default); false finds equal feature vectors whatever their labels.</param>
    public DuplicateRows(RowSet reference, bool compareLabels = true)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _reference = reference;
        _compareLabels = compareLabels;
        for (int i = 0; i < reference.Count; i++)
        {
            ulong hash = Hash(reference.Row(i), compareLabels ? reference.Labels[i] : null);
            if (!_index.TryGetValue(hash, out var rows))
                _index[hash] = rows = [];
            rows.Add(i);
        }
    }

    /// <summary>How many candidate rows, in how many distinct values, occur in the reference rows; the first few such rows.</summary>
    /// <param name="Rows">Candidate rows.</param>
    /// <param name="Duplicated">Candidate rows equal to some reference row.</param>
    /// <param name="Distinct">Distinct row values among them.</param>
    /// <param name="Examples">Up to 10 indices of duplicated candidate rows, in order.</param>
    public sealed record Counts(int Rows, int Duplicated, int Distinct, IReadOnlyList<int> Examples);

    /// <summary>The index of a reference row equal to (<paramref name="features"/>, <paramref name="label"/>), or −1.</summary>
    public int Find(ReadOnlySpan<float> features, float label)
    {
        if (!_index.TryGetValue(Hash(features, _compareLabels ? label : null), out var rows))
            return -1;
        foreach (int i in rows)
        {
            if (Same(_reference.Row(i), features) && (!_compareLabels || Same(_reference.Labels[i], label)))
                return i;
        }
        return -1;
    }

    /// <summary>Counts the rows of <paramref name="candidates"/> that occur in the reference rows.</summary>
    public Counts CountIn(RowSet candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.FeatureCount != _reference.FeatureCount)
            throw new ArgumentException($"The rows have {candidates.FeatureCount} features, the reference rows {_reference.FeatureCount}.", nameof(candidates));
        int duplicated = 0;
        var distinct = new HashSet<int>();
        var examples = new List<int>();
        for (int i = 0; i < candidates.Count; i++)
        {
            int match = Find(candidates.Row(i), candidates.Labels[i]);
            if (match < 0)
                continue;
            duplicated++;
            distinct.Add(match);
            if (examples.Count < 10)
                examples.Add(i);
        }
        return new Counts(candidates.Count, duplicated, distinct.Count, examples);
    }

    /// <summary>64-bit FNV-1a over the values' bits (−0 as +0, every NaN alike), then the label's when given.</summary>
    public static ulong Hash(ReadOnlySpan<float> features, float? label)
    {
        ulong hash = 14695981039346656037UL;
        foreach (float value in features)
            hash = Mix(hash, value);
        return label is { } y ? Mix(Mix(hash, float.NaN), y) : hash;
    }

    private static ulong Mix(ulong hash, float value)
    {
        uint bits = value == 0 ? 0u : float.IsNaN(value) ? 0x7FC00000u : BitConverter.SingleToUInt32Bits(value);
        for (int b = 0; b < 4; b++)
        {
            hash ^= (bits >> (8 * b)) & 0xFF;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static bool Same(float a, float b) => a == b || (float.IsNaN(a) && float.IsNaN(b));

    private static bool Same(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (!Same(a[i], b[i]))
                return false;
        }
        return true;
    }
}
