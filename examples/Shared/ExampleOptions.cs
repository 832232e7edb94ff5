using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Examples;

/// <summary>What the examples share besides the data: numeric and text command-line options and sampling a split.</summary>
internal static class ExampleOptions
{
    /// <summary>The positive number after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/> when the option is absent.</summary>
    /// <exception cref="ArgumentException">The option has no value, or a value that is not a positive number.</exception>
    public static double Number(string[] args, string name, double fallback)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
            return fallback;
        if (at + 1 >= args.Length || !double.TryParse(args[at + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value <= 0)
            throw new ArgumentException($"{name} needs a positive number, for example {name} {fallback.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }

    /// <summary>The positive whole number after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/> when the option is absent.</summary>
    /// <exception cref="ArgumentException">The option has no value, or a value that is not a positive whole number (0.5 and 2.5 are refused, not rounded).</exception>
    public static int Integer(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
            return fallback;
        if (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value <= 0)
            throw new ArgumentException($"{name} needs a positive whole number, for example {name} {fallback.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }

    /// <summary>
    /// The text after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/> when the option is
    /// absent; with <paramref name="allowed"/> values, it must be one of them (compared ignoring case, returned as listed).
    /// </summary>
    /// <exception cref="ArgumentException">The option has no value, or one that is not allowed.</exception>
    public static string Text(string[] args, string name, string fallback, params string[] allowed)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
            return fallback;
        string? value = at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null;
        if (allowed.Length == 0 && value is not null)
            return value;
        string? match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new ArgumentException(allowed.Length == 0
            ? $"{name} needs a value, for example {name} {fallback}."
            : $"{name} needs one of {string.Join(", ", allowed)}, for example {name} {fallback}.");
    }

    /// <summary>A seeded sample of <paramref name="fraction"/> of <paramref name="view"/>'s rows (all of them from 1 up).</summary>
    public static IDataView Sample(MLContext ml, IDataView view, double fraction, int seed) =>
        fraction >= 1 ? view : ml.Data.TrainTestSplit(view, testFraction: 1 - fraction, seed: seed).TrainSet;

    /// <summary>The rows of a view with a Single Label column.</summary>
    public static long Count(IDataView view) => view.GetColumn<float>("Label").LongCount();
}
