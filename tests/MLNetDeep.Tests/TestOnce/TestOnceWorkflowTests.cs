using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNetDeep.Tests.TestOnce;

/// <summary>The test-once workflow: test scored once, validation as often as needed, DeepMlp chains validated, leakage found and logged.</summary>
[TestClass]
public sealed class TestOnceWorkflowTests
{
    private readonly MLContext _ml = new(seed: 1);

    private EstimatorChain<ITransformer> FastTree() => _ml.Transforms.Concatenate("Features", "A", "B", "C")
        .Append<ITransformer>(_ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 2));

    [TestMethod]
    public void EvaluateTestOnce_SecondCallWithAnyModel_ThrowsWithWhenWhichAndWhy()
    {
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(200, seed: 1)), new TestOnceOptions { Seed = 1 });
        var first = workflow.Fit(FastTree());
        var second = workflow.Fit(_ml.Transforms.Concatenate("Features", "A", "B").Append(_ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 3, minimumExampleCountPerLeaf: 2)));

        var a = workflow.EvaluateValidation(first);
        var b = workflow.EvaluateValidation(second);
        Assert.AreEqual(a.Auc, workflow.EvaluateValidation(first).Auc);
        Assert.AreEqual(workflow.ValidationRowCount, b.RowCount);
        Assert.IsNull(workflow.TestScoredBy);

        var test = workflow.EvaluateTestOnce(first);

        Assert.AreEqual(workflow.TestRowCount, test.RowCount);
        Assert.IsNotNull(test.F1Threshold, "the F1 threshold is chosen on the validation rows");
        foreach (var model in new[] { first, second })
        {
            var e = Assert.ThrowsExactly<InvalidOperationException>(() => workflow.EvaluateTestOnce(model));
            StringAssert.Contains(e.Message, "The test rows of this workflow were already scored, at ");
            StringAssert.Contains(e.Message, "by a chain of 2 transformers ending in BinaryPredictionTransformer<");
            StringAssert.Contains(e.Message, "FastTreeBinaryModelParameters");
            StringAssert.Contains(e.Message, "Test rows that guide a choice");
            StringAssert.Contains(e.Message, "Compare candidates with EvaluateValidation. A fresh test estimate needs fresh rows that the model never influenced");
            StringAssert.Contains(e.Message, "a new workflow over the same data with another seed is no fresh test");
        }
        StringAssert.StartsWith(workflow.TestScoredBy, "at ");
        Assert.AreEqual(a.Auc, workflow.EvaluateValidation(first).Auc, "validation stays open");
        Assert.IsFalse(workflow.Leakage!.HasLeakage, workflow.Leakage.ToString());
    }

    [TestMethod]
    public void EvaluateTestOnce_AfterARefit_ThresholdModelChoosesTheThresholdOnItsValidationScores()
    {
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(200, seed: 1)), new TestOnceOptions { Seed = 1 });
        var chosen = workflow.Fit(FastTree());
        var refit = FastTree().Fit(workflow.TrainingAndValidationData);
        double? F1Threshold(ITransformer model) =>
            _ml.BinaryClassification.EvaluateReport(model.Transform(workflow.ValidationData), thresholdFrom: model.Transform(workflow.ValidationData)).F1Threshold;
        Assert.AreNotEqual(F1Threshold(chosen), F1Threshold(refit), "the refit's in-sample threshold differs");

        var test = workflow.EvaluateTestOnce(refit, thresholdModel: chosen);

        Assert.AreEqual(F1Threshold(chosen), test.F1Threshold);
        Assert.AreEqual(workflow.TestRowCount, test.RowCount);
    }

    [TestMethod]
    public void Fit_DeepMlpEstimatorChain_ValidatesOnTheValidationRows()
    {
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(200, seed: 1)), new TestOnceOptions { Seed = 1 });
        var chain = new DeepMlpEstimatorChain<ITransformer>()
            .Append(_ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(_ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 3, seed: 1));

        var model = workflow.Fit(chain);

        var deepMlp = ((IEnumerable<ITransformer>)model).OfType<DeepMlpTransformer>().Single();
        Assert.AreEqual(3, deepMlp.History.Epochs.Count);
        Assert.IsTrue(deepMlp.History.Epochs.All(e => e.ValidationLoss is { } loss && double.IsFinite(loss)));
        Assert.AreEqual(workflow.TestRowCount, workflow.EvaluateTestOnce(model).RowCount);
        Assert.AreEqual(1, workflow.Leakage!.Checks.Count);
        Assert.IsFalse(workflow.Leakage.HasLeakage, workflow.Leakage.ToString());
    }

    [TestMethod]
    public void Fit_DeepMlpEstimatorChainWithoutDeepMlp_FitsOnTheTrainingRows()
    {
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(200, seed: 1)), new TestOnceOptions { Seed = 1 });
        var chain = new DeepMlpEstimatorChain<ITransformer>()
            .Append(_ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(_ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 2));

        var model = workflow.Fit(chain);

        Assert.AreEqual(workflow.ValidationRowCount, workflow.EvaluateValidation(model).RowCount);
        Assert.AreEqual(0, workflow.Notes.Count, string.Join(" ", workflow.Notes));
    }

    [TestMethod]
    public void Fit_MlNetChainEndingInDeepMlp_NotesThatTheValidationRowsWereNotUsed_AndLogsIt()
    {
        var warnings = new List<string>();
        _ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Source.StartsWith("TestOnce", StringComparison.Ordinal))
            {
                lock (warnings)
                    warnings.Add(e.Message);
            }
        };
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(200, seed: 1)), new TestOnceOptions { Seed = 1 });
        var pipeline = _ml.Transforms.Concatenate("Features", "A", "B", "C")
            .Append(_ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 2, seed: 1));

        var model = workflow.Fit(pipeline);

        var deepMlp = ((IEnumerable<ITransformer>)model).OfType<DeepMlpTransformer>().Single();
        Assert.IsTrue(deepMlp.History.Epochs.All(e => e.ValidationLoss is null), "fitted on the training rows alone");
        string note = workflow.Notes.Single();
        StringAssert.Contains(note, "EstimatorChain ending in a DeepMlp trainer");
        StringAssert.Contains(note, "new DeepMlpEstimatorChain<ITransformer>()");
        Assert.IsTrue(warnings.Any(w => w.Contains(note, StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Fit_WithDuplicatedRowsAndALabelCopy_FindsBothInValidationAndTest_AndLogsThem()
    {
        var rows = SplitData.Rows(100, seed: 1);
        var copies = SplitData.Rows(100, seed: 1, firstId: 1000);
        var warnings = new List<string>();
        _ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Source.StartsWith("Leakage", StringComparison.Ordinal))
            {
                lock (warnings)
                    warnings.Add(e.Message);
            }
        };
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(rows.Concat(copies).ToList()), new TestOnceOptions { Seed = 1 });
        var pipeline = _ml.Transforms.Concatenate("Features", "A", "B", "LabelCopy")
            .Append(_ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 3, minimumExampleCountPerLeaf: 2));

        workflow.Fit(pipeline);
        Console.WriteLine(workflow.Split); // the README shows these lines
        Console.WriteLine(workflow.Leakage);

        var duplicates = workflow.Leakage!.Of(LeakageKind.DuplicateRows).ToList();
        Assert.AreEqual(2, duplicates.Count);
        StringAssert.Contains(duplicates[0].Message, $"of {workflow.ValidationRowCount} validation rows");
        StringAssert.Contains(duplicates[1].Message, $"of {workflow.TestRowCount} test rows");
        Assert.IsTrue(duplicates.All(d => d.Figures["duplicated rows"] > 0));
        var single = workflow.Leakage.Of(LeakageKind.SingleFeature).Single();
        StringAssert.Contains(single.Message, "LabelCopy (slot 2, AUC 1)");
        Assert.AreEqual(3, warnings.Count);
        Assert.IsTrue(warnings.Any(w => w.Contains("equal a training row", StringComparison.Ordinal)));
        Assert.IsTrue(warnings.Any(w => w.Contains("LabelCopy (slot 2, AUC 1)", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Fit_FeatureColumnTheModelDoesNotHave_NotesWhyTheChecksDidNotRun()
    {
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(120, seed: 1)),
            new TestOnceOptions { Seed = 1, FeatureColumnName = "Inputs", GroupColumnName = "Group" });

        workflow.Fit(FastTree());

        StringAssert.Contains(workflow.Leakage!.Notes.Single(), "The duplicate-row and single-feature checks did not run: ");
        StringAssert.Contains(workflow.Leakage.Notes[0], "'Inputs'");
        Assert.AreEqual(0, workflow.Leakage.Of(LeakageKind.GroupSpan).Count(), "a grouped split never spans groups");
        Assert.AreEqual(1, workflow.Leakage.Checks.Count);
    }

    [TestMethod]
    public void Multiclass_TextLabelMappedInPlace_StratifiesOnTextAndReportsOnTheKey()
    {
        var workflow = _ml.MulticlassClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(200, seed: 1)),
            new TestOnceOptions { LabelColumnName = "Class", Seed = 2 });
        var chain = new DeepMlpEstimatorChain<ITransformer>()
            .Append(_ml.Transforms.Conversion.MapValueToKey("Class"))
            .Append(_ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(_ml.MulticlassClassification.Trainers.DeepMlp(labelColumnName: "Class", hiddenLayerSizes: [4], numberOfEpochs: 2, seed: 1));

        var model = workflow.Fit(chain);
        var validation = workflow.EvaluateValidation(model);
        var test = workflow.EvaluateTestOnce(model);

        Assert.AreEqual(3, validation.PerClass.Count);
        Assert.AreEqual(workflow.TestRowCount, test.RowCount);
        Assert.AreEqual(1, workflow.Leakage!.Checks.Count, workflow.Leakage.ToString());
        Assert.AreEqual(0, workflow.Leakage.Notes.Count, workflow.Leakage.ToString());
    }

    [TestMethod]
    public void Regression_Workflow_ReportsTheTestRowsOnce()
    {
        var workflow = _ml.Regression.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(150, seed: 2)), new TestOnceOptions { LabelColumnName = "Target", Seed = 3 });
        var model = workflow.Fit(_ml.Transforms.Concatenate("Features", "A", "B", "C")
            .Append(_ml.Regression.Trainers.FastTree("Target", numberOfLeaves: 4, numberOfTrees: 20, minimumExampleCountPerLeaf: 2)));

        var report = workflow.EvaluateTestOnce(model);

        Assert.AreEqual(workflow.TestRowCount, report.RowCount);
        Assert.ThrowsExactly<InvalidOperationException>(() => workflow.EvaluateTestOnce(model));
        Assert.IsFalse(workflow.Leakage!.HasLeakage, workflow.Leakage.ToString());
    }
}
