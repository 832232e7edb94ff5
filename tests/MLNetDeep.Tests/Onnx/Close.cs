namespace MLNetDeep.Tests.Onnx;

/// <summary>Float comparison used by the export and persistence tests: |actual − expected| ≤ tolerance · max(1, |expected|).</summary>
internal static class Close
{
    public const double Tolerance = 1e-5;

    public static void Assert(double expected, double actual, string what)
    {
        double allowed = Tolerance * Math.Max(1, Math.Abs(expected));
        if (!(Math.Abs(actual - expected) <= allowed))
        {
            throw new AssertFailedException($"{what}: expected {expected:R}, got {actual:R} (allowed difference {allowed:R}).");
        }
    }

    public static void Assert(IReadOnlyList<double> expected, IReadOnlyList<float> actual, string what)
    {
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.HasCount(expected.Count, actual, what);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert(expected[i], actual[i], $"{what}[{i}]");
        }
    }
}
