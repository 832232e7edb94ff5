using System.Globalization;
using static TorchSharp.torch;

namespace MLNetDeep.Data;

/// <summary>
/// Missing-value handling learned from the training rows (<see cref="MissingValueHandling.Impute"/>): a replacement
/// for every feature slot (used wherever a value is NaN, in training and at scoring) and one indicator input for every
/// slot that had missing values in training. It maps a row of <see cref="FeatureCount"/> values to
/// <see cref="OutputCount"/> = FeatureCount + IndicatorSlots.Length: the filled values, then the indicators (1 when the
/// slot's value was missing, else 0) in slot order. Part of the network: the exported graph applies it first.
/// </summary>
/// <param name="Values">The replacement per slot.</param>
/// <param name="UsesMedian">Per slot, whether the replacement is the median (|skewness| &gt; 1) rather than the mean.</param>
/// <param name="MissingCounts">Missing values per slot in the training rows.</param>
/// <param name="IndicatorSlots">The slots with an indicator input: those with missing values in training, ascending.</param>
/// <param name="SlotNames">Each slot's name.</param>
internal sealed record MissingValueImputation(float[] Values, bool[] UsesMedian, long[] MissingCounts, int[] IndicatorSlots, IReadOnlyList<string> SlotNames)
{
    /// <summary>The |skewness| above which the median replaces the mean.</summary>
    public const double SkewnessForMedian = 1;

    public int FeatureCount => Values.Length;

    public int OutputCount => Values.Length + IndicatorSlots.Length;

    public long MissingValueCount => MissingCounts.Sum();

    /// <summary>Learns the replacements from the training rows' statistics (and rows, for medians).</summary>
    /// <param name="slots">The training rows' slot moments.</param>
    /// <param name="rows">Row-major training rows to take medians from: all of them when cached, else a sample.</param>
    /// <param name="slotNames">Each slot's name, for messages.</param>
    /// <param name="featureColumn">The feature column's name, for messages.</param>
    /// <param name="allowEmptySlots">Whether a slot missing in every row gets the replacement 0 (for checks that only read
    /// the rows) instead of being an error (for training).</param>
    /// <exception cref="InvalidOperationException">A slot is missing in every training row (unless <paramref name="allowEmptySlots"/>).</exception>
    public static MissingValueImputation Learn(
        SlotMoments slots, ReadOnlySpan<float> rows, IReadOnlyList<string> slotNames, string featureColumn, bool allowEmptySlots = false)
    {
        int f = slots.SlotCount;
        var empty = Enumerable.Range(0, f).Where(i => slots.Present[i] == 0).ToList();
        if (empty.Count > 0 && !allowEmptySlots)
            throw new InvalidOperationException($"Feature column '{featureColumn}' is missing (NaN) in every training row in {empty.Count} slot(s): "
                + string.Join(", ", empty.Take(10).Select(i => $"slot {i} ('{slotNames[i]}')")) + (empty.Count > 10 ? ", …" : string.Empty)
                + ". There is nothing to learn a replacement from: drop those inputs before DeepMlp, or fill them upstream.");
        var values = new float[f];
        var median = new bool[f];
        var missing = new long[f];
        for (int i = 0; i < f; i++)
        {
            missing[i] = slots.Missing[i];
            float? middle = Math.Abs(slots.Skewness(i)) > SkewnessForMedian ? Median(rows, f, i) : null;
            median[i] = middle is not null;
            values[i] = middle ?? (float)slots.Mean(i);
        }
        return new MissingValueImputation(values, median, missing, [.. Enumerable.Range(0, f).Where(i => missing[i] > 0)], slotNames);
    }

    /// <summary>
    /// The standardization of the network's inputs: the slots' own, then none for the indicators. They are 0 or 1
    /// already; standardizing a rare one (a share p missing) would give missing rows an input near 1/√p, which for one
    /// missing value in a million rows is about 1,000.
    /// </summary>
    public FeatureScaling ExtendScaling(FeatureScaling slots)
    {
        var mean = new float[OutputCount];
        var scale = new float[OutputCount];
        slots.Mean.CopyTo(mean, 0);
        slots.Scale.CopyTo(scale, 0);
        Array.Fill(scale, 1f, FeatureCount, IndicatorSlots.Length);
        return new FeatureScaling(mean, scale);
    }

    /// <summary>Features [rows, FeatureCount] → [rows, OutputCount]; disposes <paramref name="features"/> when it returns a new tensor.</summary>
    public Tensor Apply(Tensor features)
    {
        if (IndicatorSlots.Length == 0)
        {
            // No indicator to add: rows without a missing value (all of them, usually) need no copy.
            using var check = NewDisposeScope();
            if (!features.isnan().any().item<bool>())
                return features;
        }
        using var scope = NewDisposeScope();
        var values = tensor(Values, device: features.device);
        var mask = features.isnan();
        var filled = where(mask, values.expand_as(features), features);
        if (IndicatorSlots.Length > 0)
        {
            var slots = tensor(IndicatorSlots.Select(i => (long)i).ToArray(), device: features.device);
            var indicators = mask.index_select(1, slots).to_type(features.dtype);
            filled = cat([filled, indicators], 1);
        }
        var result = filled.MoveToOuterDisposeScope();
        features.Dispose();
        return result;
    }

    /// <summary>One row: <paramref name="row"/> (FeatureCount values) → <paramref name="output"/> (OutputCount values).</summary>
    public void Apply(ReadOnlySpan<float> row, Span<float> output)
    {
        for (int i = 0; i < FeatureCount; i++)
            output[i] = float.IsNaN(row[i]) ? Values[i] : row[i];
        for (int k = 0; k < IndicatorSlots.Length; k++)
            output[FeatureCount + k] = float.IsNaN(row[IndicatorSlots[k]]) ? 1f : 0f;
    }

    /// <summary>The names of the network's inputs: <paramref name="slotNames"/>, then "&lt;slot&gt; (missing)" per indicator.</summary>
    public string[] InputNames(IReadOnlyList<string> slotNames) =>
        [.. slotNames, .. IndicatorSlots.Select(i => slotNames[i] + " (missing)")];

    /// <summary>The slots that had missing values in training, as the model summary lists them.</summary>
    public IReadOnlyList<ImputedSlot> ImputedSlots =>
        [.. IndicatorSlots.Select(i => new ImputedSlot(i, SlotNames[i], MissingCounts[i], Values[i], UsesMedian[i] ? ImputedSlot.Median : ImputedSlot.Mean))];

    /// <summary>
    /// The description the exported graph carries as metadata (one line per imputed slot: slot, missing count, method,
    /// replacement, name, tab-separated), read back by <see cref="FromMetadata"/> for a saved model's summary.
    /// </summary>
    public string ToMetadata() => string.Join("\n", ImputedSlots.Select(s => string.Create(CultureInfo.InvariantCulture,
        $"{s.Slot}\t{s.MissingCount}\t{s.Method}\t{s.Replacement:R}\t{s.Name.Replace('\t', ' ').Replace('\n', ' ')}")));

    /// <summary>The imputed slots described by <see cref="ToMetadata"/>; empty for an unreadable description.</summary>
    public static IReadOnlyList<ImputedSlot> FromMetadata(string text)
    {
        var slots = new List<ImputedSlot>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split('\t', 5);
            var culture = CultureInfo.InvariantCulture;
            if (parts.Length != 5 || !int.TryParse(parts[0], culture, out int slot) || !long.TryParse(parts[1], culture, out long missing)
                || !float.TryParse(parts[3], NumberStyles.Float, culture, out float value))
                return [];
            slots.Add(new ImputedSlot(slot, parts[4], missing, value, parts[2]));
        }
        return slots;
    }

    /// <summary>The history note: which slots were imputed, how, and how many values; null when no value was missing.</summary>
    public string? Note()
    {
        var slotNames = SlotNames;
        if (IndicatorSlots.Length == 0)
            return null;
        var culture = CultureInfo.InvariantCulture;
        var slots = IndicatorSlots.Take(20).Select(i => string.Create(culture,
            $"'{slotNames[i]}' {MissingCounts[i]} → {(UsesMedian[i] ? "median" : "mean")} {Values[i]:G6}"));
        return string.Create(culture, $"Missing values: imputed {MissingValueCount} value(s) in {IndicatorSlots.Length} slot(s), each with a missing-indicator input: ")
            + string.Join(", ", slots) + (IndicatorSlots.Length > 20 ? ", …" : string.Empty) + ".";
    }

    private static float? Median(ReadOnlySpan<float> rows, int featureCount, int slot)
    {
        var present = new List<float>();
        for (int at = slot; at < rows.Length; at += featureCount)
        {
            if (!float.IsNaN(rows[at]))
                present.Add(rows[at]);
        }
        if (present.Count == 0)
            return null;
        present.Sort();
        int mid = present.Count / 2;
        return present.Count % 2 == 1 ? present[mid] : (float)((present[mid - 1] + (double)present[mid]) / 2);
    }
}
