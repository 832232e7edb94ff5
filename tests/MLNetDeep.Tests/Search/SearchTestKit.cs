using MLNetDeep.Search;

namespace MLNetDeep.Tests.Search;

/// <summary>Domains and trial builders shared by the sampler and pruner tests.</summary>
internal static class SearchTestKit
{
    /// <summary>One domain of each kind: uniform, log-uniform, whole number, log-scale whole number, choice of 3.</summary>
    public static ParameterDomain[] AllKinds() =>
    [
        new("dropout", SearchParameterKind.Uniform, 0.1, 0.5, false),
        new("learningRate", SearchParameterKind.LogUniform, 1e-5, 1e-1, false),
        new("layers", SearchParameterKind.WholeNumber, 1, 4, false),
        new("width", SearchParameterKind.WholeNumber, 8, 512, true),
        new("optimizer", SearchParameterKind.Choice, 0, 2, false),
    ];

    /// <summary>Asserts that every value lies in its domain and is of the right kind (whole numbers and indices whole).</summary>
    public static void AssertInDomains(IReadOnlyList<ParameterDomain> domains, double[] values)
    {
        Assert.AreEqual(domains.Count, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            var d = domains[i];
            Assert.IsTrue(values[i] >= d.Min && values[i] <= d.Max, $"{d.Name} = {values[i]} outside [{d.Min}, {d.Max}]");
            if (d.Kind is SearchParameterKind.WholeNumber or SearchParameterKind.Choice)
            {
                Assert.AreEqual(Math.Floor(values[i]), values[i], $"{d.Name} = {values[i]} is not whole");
            }
        }
    }

    /// <summary>A completed trial.</summary>
    public static FinishedTrial Completed(int number, double loss, params double[] values) => new(number, values, loss, null, null);

    /// <summary>A pruned trial.</summary>
    public static FinishedTrial Pruned(int number, int epoch, double lastLoss, params double[] values) => new(number, values, null, epoch, lastLoss);
}
