using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Examples;

/// <summary>What the examples share besides the data: numeric command-line options and sampling a split.</summary>
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

    /// <summary>A seeded sample of <paramref name="fraction"/> of <paramref name="view"/>'s rows (all of them from 1 up).</summary>
    public static IDataView Sample(MLContext ml, IDataView view, double fraction, int seed) =>
        fraction >= 1 ? view : ml.Data.TrainTestSplit(view, testFraction: 1 - fraction, seed: seed).TrainSet;

    /// <summary>The rows of a view with a Single Label column.</summary>
    public static long Count(IDataView view) => view.GetColumn<float>("Label").LongCount();
}
