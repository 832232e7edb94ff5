using System.Reflection;
using Microsoft.ML;
using MLNetDeep.Interop;
using MLNetDeep.Tests.Context;

namespace MLNetDeep.Tests.Interop;

/// <summary>
/// Guards the one file that reaches into ML.NET internals: when a new ML.NET changes what it relies on, these fail
/// loudly instead of the trainers silently using the fallback.
/// </summary>
[TestClass]
public sealed class MLNetInternalsTests
{
    [TestMethod]
    public void PinnedMLNetVersion_IsTheOneReferenced()
    {
        string? version = typeof(TrainerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        Assert.IsNotNull(version);
        StringAssert.StartsWith(version, MLNetInternals.PinnedVersion + "+",
            $"Microsoft.ML changed from {MLNetInternals.PinnedVersion}: re-check Interop/MLNetInternals.cs against its source, then update PinnedVersion.");
    }

    [TestMethod]
    public void TrainerInfoConstructor_ExistsAndSetsEveryFlag()
    {
        Assert.IsNotNull(MLNetInternals.TrainerInfoConstructor, "TrainerInfo's internal constructor (6 bools) is gone: trainers fall back to an all-false TrainerInfo.");

        var info = MLNetInternals.CreateTrainerInfo(normalization: true, caching: true, supportValidation: true, supportIncrementalTraining: false);

        Assert.IsTrue(info.NeedNormalization);
        Assert.IsTrue(info.WantCaching);
        Assert.IsTrue((bool)typeof(TrainerInfo).GetProperty("SupportsValidation", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(info)!);
        Assert.IsFalse((bool)typeof(TrainerInfo).GetProperty("SupportsIncrementalTraining", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(info)!);
    }

    [TestMethod]
    public void CatalogEnvironment_GivesTheContextsSettingsAndCancellation()
    {
        var ml = new MLContext(seed: 1) { GpuDeviceId = 3, FallbackToCpu = true };

        var environment = MLNetInternals.EnvironmentOf(ml.Regression.Trainers, out string? problem);

        Assert.IsNull(problem);
        Assert.IsNotNull(environment, "IInternalCatalog.Environment is gone: trainers from catalogs ignore the MLContext (a History note says so).");
        Assert.AreEqual(3, MLNetInternals.GpuDeviceIdOf(environment));
        Assert.IsTrue(MLNetInternals.FallbackToCpuOf(environment));
        var isCanceled = MLNetInternals.CancellationOf(environment.Register("probe"));
        Assert.IsNotNull(isCanceled, "ICancelable is gone: cancelling the MLContext no longer stops a fit.");
        Assert.IsFalse(isCanceled());
        ContextCancellation.Cancel(ml);
        Assert.IsTrue(isCanceled());
    }

    [TestMethod]
    public void NotACatalog_ReportsTheProblem()
    {
        Assert.IsNull(MLNetInternals.EnvironmentOf(new object(), out string? problem));
        StringAssert.Contains(problem, "IInternalCatalog.Environment");
    }
}
