using System.Collections;

namespace MLNetDeep.Data;

/// <summary>
/// Holds out part of the training rows as validation data, seeded: stratified by class for classification (each
/// class gives the same share), a plain random share for regression, and a per-row coin flip for streamed data.
/// </summary>
internal static class ValidationSplit
{
    /// <summary>Indices of the training and validation rows, each in data order.</summary>
    /// <param name="labels">The cached labels (0/1, class index or value).</param>
    /// <param name="classCount">Classes (2 for binary), or 0 for regression (no stratification).</param>
    /// <param name="fraction">Share of rows to hold out, in (0, 1).</param>
    /// <param name="seed">The fit's seed.</param>
    public static (int[] Training, int[] Validation) Stratified(float[] labels, int classCount, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var random = new Random(seed);
        var groups = classCount > 0
            ? Enumerable.Range(0, labels.Length).GroupBy(i => (int)labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : [Enumerable.Range(0, labels.Length).ToArray()];
        var validation = new List<int>();
        foreach (var group in groups)
        {
            random.Shuffle(group);
            // Every class with at least two rows keeps one for training and, when its share rounds to zero, gives none.
            int take = Math.Min((int)Math.Round(group.Length * fraction, MidpointRounding.AwayFromZero), group.Length - 1);
            validation.AddRange(group.Take(take));
        }
        if (validation.Count == 0)
            throw new InvalidOperationException($"ValidationFraction = {fraction} of {labels.Length} training rows holds out no row. "
                + "Raise ValidationFraction, or pass validation data to Fit.");
        validation.Sort();
        var held = new HashSet<int>(validation);
        return (Enumerable.Range(0, labels.Length).Where(i => !held.Contains(i)).ToArray(), validation.ToArray());
    }

    /// <summary>For streamed data: bit i is set when row i is held out (a seeded coin flip per row, not stratified).</summary>
    public static BitArray RandomMask(long rowCount, double fraction, int seed)
    {
        if (rowCount > int.MaxValue)
            throw new InvalidOperationException($"The training data has {rowCount} rows, too many to carve a validation split from. Pass validation data to Fit.");
        var random = new Random(seed);
        var mask = new BitArray((int)rowCount);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = random.NextDouble() < fraction;
        return mask;
    }
}
