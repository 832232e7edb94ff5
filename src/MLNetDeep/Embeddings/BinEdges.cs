namespace MLNetDeep.Embeddings;

/// <summary>
/// Bin edges of the piecewise-linear encoding for one input: ascending, distinct, at least two when the input varies
/// (the first is its smallest value, the last its largest); an input with one value gets no edges (no bins).
/// </summary>
internal static class BinEdges
{
    /// <summary>Edges at the <paramref name="bins"/>-quantiles of <paramref name="values"/> (sorted in place), duplicates merged.</summary>
    public static double[] Quantiles(double[] values, int bins)
    {
        if (values.Length == 0)
            throw new ArgumentException("No values to place bin edges in.", nameof(values));
        Array.Sort(values);
        var edges = new List<double>(bins + 1);
        for (int i = 0; i <= bins; i++)
        {
            double edge = values[(int)Math.Round((double)i * (values.Length - 1) / bins)];
            if (edges.Count == 0 || edge > edges[^1])
                edges.Add(edge);
        }
        return edges.Count < 2 ? [] : [.. edges];
    }

    /// <summary>
    /// Edges where a one-input regression tree on <paramref name="targets"/> splits: leaves are split best first (the
    /// largest drop in the targets' squared error) until there are <paramref name="bins"/> leaves or no split helps; each
    /// split lies halfway between two neighbouring distinct values, and no leaf holds fewer than about n / (8 · bins) rows.
    /// </summary>
    /// <param name="values">The input's values (not changed).</param>
    /// <param name="targets">Per row, <paramref name="width"/> target values (a regression label, a 0/1 label, or a one-hot class).</param>
    /// <param name="width">Target values per row.</param>
    /// <param name="bins">The most leaves.</param>
    public static double[] TargetAware(double[] values, double[] targets, int width, int bins)
    {
        int n = values.Length;
        int[] order = [.. Enumerable.Range(0, n).OrderBy(i => values[i])];
        if (n < 2 || values[order[0]] == values[order[^1]])
            return [];
        // Prefix sums of the targets and their squares in sorted order: a segment's squared error in O(width).
        var sum = new double[(n + 1) * width];
        var squares = new double[n + 1];
        for (int r = 0; r < n; r++)
        {
            double square = 0;
            for (int d = 0; d < width; d++)
            {
                double t = targets[(order[r] * width) + d];
                sum[((r + 1) * width) + d] = sum[(r * width) + d] + t;
                square += t * t;
            }
            squares[r + 1] = squares[r] + square;
        }

        int minLeaf = Math.Max(1, n / (8 * bins));
        var leaves = new List<(int Start, int End)> { (0, n) };
        var cuts = new List<double>();
        while (leaves.Count < bins)
        {
            (double gain, int leaf, int at) best = (1e-12, -1, -1);
            for (int l = 0; l < leaves.Count; l++)
            {
                var (start, end) = leaves[l];
                double whole = Error(start, end);
                for (int at = start + minLeaf; at <= end - minLeaf; at++)
                {
                    if (values[order[at - 1]] == values[order[at]])
                        continue;
                    double gain = whole - Error(start, at) - Error(at, end);
                    if (gain > best.gain)
                        best = (gain, l, at);
                }
            }
            if (best.leaf < 0)
                break;
            var (s, e) = leaves[best.leaf];
            leaves[best.leaf] = (s, best.at);
            leaves.Add((best.at, e));
            cuts.Add((values[order[best.at - 1]] + values[order[best.at]]) / 2);
        }
        cuts.Sort();
        return [values[order[0]], .. cuts, values[order[^1]]];

        double Error(int start, int end)
        {
            int count = end - start;
            double error = squares[end] - squares[start];
            for (int d = 0; d < width; d++)
            {
                double total = sum[(end * width) + d] - sum[(start * width) + d];
                error -= total * total / count;
            }
            return error;
        }
    }
}
