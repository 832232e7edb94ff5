using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Trainers.SyntheticData;

namespace MLNetDeep.Tests.Diagnostics;

/// <summary>CheckSetup end to end: a healthy setup passes, each planted problem is flagged with its figures, and nothing about the trainer changes.</summary>
[TestClass]
public sealed class CheckSetupTests
{
    private const double InitialLossTolerance = 0.5;

    /// <summary>The three features the scale check should name, farthest from standardized first.</summary>
    private static readonly string[] FarthestFirst = ["Features[2] (", "Features[3] (", "Features[0] ("];

    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void CheckSetup_HealthyBinarySetup_PassesEveryCheck()
    {
        var trainer = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1 });

        var report = trainer.CheckSetup(Binary(_ml, 400, seed: 1), Binary(_ml, 100, seed: 2));

        Assert.AreEqual(8, report.Findings.Count, report.ToString());
        Assert.AreEqual(SetupStatus.Pass, report.Status, report.ToString());
        Assert.IsTrue(report[SetupCheckNames.GradientCheck].Figures["max relative error"] < 1e-5, report.ToString());
        Assert.AreEqual(Math.Log(2), report[SetupCheckNames.InitialLoss].Figures["expected loss"], 1e-12);
    }

    [TestMethod]
    public void CheckSetup_HealthyRegressionAndMulticlass_PassEveryCheck()
    {
        // Xavier: with the default (He) scaling the initial outputs have variance about 2, which the initial-loss check
        // reports for regression and multiclass (a loss about 1.4 above the expected value; see the next test).
        var regression = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { Seed = 1, HiddenLayerSizes = [64, 64], WeightInitialization = WeightInitialization.XavierUniform })
            .CheckSetup(Regression(_ml, 300));
        var multiclass = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options
        {
            Seed = 1, HiddenLayerSizes = [64], Normalization = Normalization.BatchNorm, WeightInitialization = WeightInitialization.XavierUniform,
        }).CheckSetup(Multiclass(_ml, 300));

        Assert.AreEqual(SetupStatus.Pass, regression.Status, regression.ToString());
        Assert.AreEqual(SetupStatus.Pass, multiclass.Status, multiclass.ToString());
        Assert.AreEqual(1.0, regression[SetupCheckNames.InitialLoss].Figures["expected loss"], 0.01);
    }

    [TestMethod]
    public void CheckSetup_SpreadInitialOutputs_WarnWithTheInitializationRemedy()
    {
        var report = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { Seed = 1, HiddenLayerSizes = [64, 64] }).CheckSetup(Regression(_ml, 300));

        var initial = report[SetupCheckNames.InitialLoss];
        Assert.AreEqual(SetupStatus.Warn, initial.Status, report.ToString());
        Assert.IsTrue(initial.Figures["initial loss"] > initial.Figures["expected loss"] + InitialLossTolerance);
        StringAssert.Contains(initial.Remedy, "Set WeightInitialization = WeightInitialization.XavierUniform");
    }

    [TestMethod]
    public void CheckSetup_LabelCopyAndConstantFeature_AreFlagged()
    {
        // Features: x0, x1, the label as 0/1, and the constant 5.
        var rows = Features(300, seed: 3).Select(x => { bool label = BinaryRule(x); return new BinaryRow { Features = [x[0], x[1], label ? 1 : 0, 5], Label = label }; }).ToList();
        var trainer = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [32] });

        var report = trainer.CheckSetup(_ml.Data.LoadFromEnumerable(rows));

        var leak = report[SetupCheckNames.SingleFeatureLeak];
        Assert.AreEqual(SetupStatus.Warn, leak.Status, report.ToString());
        Assert.AreEqual(1.0, leak.Figures["best single-feature AUC"], 1e-12);
        Assert.AreEqual(1, leak.Figures["features at or above threshold"]);
        StringAssert.Contains(leak.Summary, "Features[2]");
        var constant = report[SetupCheckNames.ConstantFeatures];
        Assert.AreEqual(SetupStatus.Warn, constant.Status);
        Assert.AreEqual(1, constant.Figures["constant features"]);
        StringAssert.Contains(constant.Summary, "Features[3] = 5");
        Assert.IsNotNull(constant.Remedy);
    }

    [TestMethod]
    public void CheckSetup_RegressionLabelCopy_IsFlaggedByRSquared()
    {
        var rows = Features(200, seed: 4).Select(x => new RegressionRow { Features = [x[0], x[1], x[2], RegressionRule(x) * 0.5f], Label = RegressionRule(x) }).ToList();

        var report = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { Seed = 1, HiddenLayerSizes = [16] }).CheckSetup(_ml.Data.LoadFromEnumerable(rows));

        Assert.AreEqual(SetupStatus.Warn, report[SetupCheckNames.SingleFeatureLeak].Status, report.ToString());
        Assert.AreEqual(1.0, report[SetupCheckNames.SingleFeatureLeak].Figures["best single-feature R²"], 1e-6);
    }

    [TestMethod]
    public void CheckSetup_MulticlassLabelCopy_IsFlaggedByBinnedAccuracy()
    {
        var rows = Features(300, seed: 11).Select(x => new ClassRow { Features = [x[0], x[1], x[2], ClassRule(x)[0] - 'a'], Class = ClassRule(x) }).ToList();
        var raw = _ml.Data.LoadFromEnumerable(rows);
        var data = _ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(raw).Transform(raw);

        var report = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options { Seed = 1, HiddenLayerSizes = [16] }).CheckSetup(data);

        var leak = report[SetupCheckNames.SingleFeatureLeak];
        Assert.AreEqual(SetupStatus.Warn, leak.Status, report.ToString());
        Assert.AreEqual(1.0, leak.Figures["best single-feature binned accuracy"], 1e-12);
        StringAssert.Contains(leak.Summary, "Features[3]");
    }

    [TestMethod]
    public void CheckSetup_NetworkThatCannotLearn_FailsTheOverfitCheck()
    {
        var trainer = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [32], LearningRate = 1e-12 });

        var report = trainer.CheckSetup(Binary(_ml, 200));

        var overfit = report[SetupCheckNames.OverfitSmallBatch];
        Assert.AreEqual(SetupStatus.Fail, overfit.Status, report.ToString());
        Assert.AreEqual(SetupStatus.Fail, report.Status);
        Assert.AreEqual(500, overfit.Figures["steps"]);
        Assert.AreEqual(32, overfit.Figures["rows"]);
        Assert.AreEqual(overfit.Figures["initial loss"], overfit.Figures["best loss"], 1e-6);
        StringAssert.Contains(overfit.Remedy, "Raise LearningRate (now 1E-12");
    }

    [TestMethod]
    public void CheckSetup_UnscaledFeaturesWithoutStandardization_WarnsAboutScaleAndInitialLoss()
    {
        var rows = Features(200, seed: 5).Select(x => new RegressionRow { Features = [.. x.Select(v => (v * 1000) + 3000)], Label = RegressionRule(x) }).ToList();
        var trainer = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { Seed = 1, HiddenLayerSizes = [32], StandardizeFeatures = false });

        var report = trainer.CheckSetup(_ml.Data.LoadFromEnumerable(rows));

        Assert.AreEqual(SetupStatus.Warn, report[SetupCheckNames.FeatureScale].Status, report.ToString());
        Assert.AreEqual(4, report[SetupCheckNames.FeatureScale].Figures["features far from standardized"]);
        StringAssert.Contains(report[SetupCheckNames.FeatureScale].Remedy, "StandardizeFeatures = true");
        var initial = report[SetupCheckNames.InitialLoss];
        Assert.AreEqual(SetupStatus.Warn, initial.Status, report.ToString());
        Assert.IsTrue(initial.Figures["initial loss"] > initial.Figures["expected loss"] + 0.5);
    }

    [TestMethod]
    public void CheckSetup_UnscaledFeatures_NamesTheFarthestFromStandardizedFirst()
    {
        // Distances from standardized (multiples of the limits): 0 → |mean| 1.5, 1 → |mean| 1.2, 2 → |mean| 3000, 3 → sd ≈ 11.5 (ln 11.5 / ln 3 ≈ 2.2).
        var rows = Features(200, seed: 5).Select(x => new RegressionRow { Features = [x[0] + 1.5f, x[1] + 1.2f, (x[2] * 1000) + 3000, x[3] * 20], Label = RegressionRule(x) }).ToList();
        var trainer = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { Seed = 1, HiddenLayerSizes = [8], StandardizeFeatures = false });

        var scale = trainer.CheckSetup(_ml.Data.LoadFromEnumerable(rows))[SetupCheckNames.FeatureScale];

        Assert.AreEqual(4, scale.Figures["features far from standardized"], scale.Summary);
        int[] at = [.. FarthestFirst.Select(name => scale.Summary.IndexOf(name, StringComparison.Ordinal))];
        Assert.IsTrue(at[0] >= 0 && at[0] < at[1] && at[1] < at[2], scale.Summary);
        Assert.IsFalse(scale.Summary.Contains("Features[1]", StringComparison.Ordinal), scale.Summary);
        StringAssert.EndsWith(scale.Summary, " and 1 more");
    }

    [TestMethod]
    public void CheckSetup_ValidationRowsCopiedFromTraining_AreCounted()
    {
        var training = Features(200, seed: 6).Select(x => new BinaryRow { Features = x, Label = BinaryRule(x) }).ToList();
        var copies = training.Where((_, i) => i % 25 == 0).ToList();                                        // 8 copies
        var relabeled = training.Take(3).Select(r => new BinaryRow { Features = r.Features, Label = !r.Label });   // same features, other label: not duplicates
        var validation = Features(50, seed: 7).Select(x => new BinaryRow { Features = x, Label = BinaryRule(x) }).Concat(copies).Concat(relabeled).ToList();
        var trainer = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [16] });

        var report = trainer.CheckSetup(_ml.Data.LoadFromEnumerable(training), _ml.Data.LoadFromEnumerable(validation));

        var duplicates = report[SetupCheckNames.DuplicateRows];
        Assert.AreEqual(SetupStatus.Warn, duplicates.Status, report.ToString());
        Assert.AreEqual(61, duplicates.Figures["validation rows"]);
        Assert.AreEqual(8, duplicates.Figures["duplicated validation rows"]);
        StringAssert.Contains(duplicates.Summary, "8 of 61 validation rows");
    }

    [TestMethod]
    public void CheckSetup_Baseline_ReportsTheMajorityAccuracyAndTheMeanRSquared()
    {
        var training = Features(100, seed: 8).Select((x, i) => new BinaryRow { Features = x, Label = i % 4 == 0 }).ToList();         // majority: false
        var validation = Features(40, seed: 9).Select((x, i) => new BinaryRow { Features = x, Label = i % 5 == 0 }).ToList();        // 8 true, 32 false
        var binary = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [8] })
            .CheckSetup(_ml.Data.LoadFromEnumerable(training), _ml.Data.LoadFromEnumerable(validation));

        var regressionTraining = Features(50, seed: 10).Select((x, i) => new RegressionRow { Features = x, Label = i % 2 }).ToList();   // mean 0.5
        var regressionValidation = Enumerable.Range(1, 3).Select(i => (float)i).Select(y => new RegressionRow { Features = [y, 0, 0, 0], Label = y }).ToList();
        var regression = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { Seed = 1, HiddenLayerSizes = [8] })
            .CheckSetup(_ml.Data.LoadFromEnumerable(regressionTraining), _ml.Data.LoadFromEnumerable(regressionValidation));

        var baseline = binary[SetupCheckNames.Baseline];
        Assert.AreEqual(SetupStatus.Pass, baseline.Status);
        Assert.AreEqual(0.8, baseline.Figures["Accuracy"], 1e-12);
        Assert.AreEqual(0.5, baseline.Figures["AUC"]);
        StringAssert.Contains(baseline.Summary, "(false) gives Accuracy 0.8 and AUC 0.5 on the 40 validation rows");
        // R² of predicting 0.5 for labels 1, 2, 3: 1 − (0.25 + 2.25 + 6.25) / 2.
        Assert.AreEqual(1 - (8.75 / 2), regression[SetupCheckNames.Baseline].Figures["RSquared"], 1e-9);
    }

    [TestMethod]
    public void CheckSetup_WithoutValidationData_UsesTheSplitFitCarves()
    {
        var withFraction = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [8], ValidationFraction = 0.25 }).CheckSetup(Binary(_ml, 200));
        var withoutSplit = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [8] }).CheckSetup(Binary(_ml, 200));

        Assert.AreEqual(50, withFraction[SetupCheckNames.Baseline].Figures["validation rows"]);
        Assert.IsTrue(withFraction.Notes.Any(n => n.StartsWith("Validation data: 50 of the 200 training rows were held out", StringComparison.Ordinal)), withFraction.ToString());
        Assert.AreEqual(20, withoutSplit[SetupCheckNames.Baseline].Figures["validation rows"]);
        Assert.IsTrue(withoutSplit.Notes.Any(n => n.StartsWith("Fit with these options validates on no rows", StringComparison.Ordinal)), withoutSplit.ToString());
    }

    [TestMethod]
    public void CheckSetup_Report_RendersEveryFindingAndTheOverallStatus()
    {
        var report = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [8], LearningRate = 1e-12 }).CheckSetup(Binary(_ml, 100));

        string text = report.ToString();

        StringAssert.StartsWith(text, "DeepMlp setup check: binary classification, 4 features, 90 training rows, 10 validation rows, seed 1");
        foreach (var finding in report.Findings)
            StringAssert.Contains(text, finding.ToString());
        StringAssert.Contains(text, "FAIL  Overfit 32 rows");
        StringAssert.Contains(text, "remedy: Raise LearningRate");
        StringAssert.Contains(text, "Overall: FAIL (1 failed");
        Assert.ThrowsExactly<KeyNotFoundException>(() => report["Nope"]);
    }
}
