using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.TestOnce;

/// <summary>The test-once split: fractions, stratification, groups, determinism, every column kept, options checked up front.</summary>
[TestClass]
public sealed class TestOnceSplitTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Split_BinaryIsStratified_EachClassGivesItsShareToEverySet()
    {
        // 40 positives among 200 rows (by id), features irrelevant here.
        var rows = SplitData.Rows(200, seed: 1);
        rows.ForEach(r => r.Label = r.Id % 5 == 0);
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(rows), new TestOnceOptions { Seed = 3 });

        Assert.AreEqual(200 - 30 - 30, workflow.TrainingRowCount);
        Assert.AreEqual(30, workflow.ValidationRowCount);
        Assert.AreEqual(30, workflow.TestRowCount);
        // 15% of 40 positives = 6 in validation, 6 in test; 15% of 160 negatives = 24.
        Assert.AreEqual(6, workflow.ValidationData.GetColumn<bool>("Label").Count(y => y));
        Assert.AreEqual(28, workflow.TrainingData.GetColumn<bool>("Label").Count(y => y));
        StringAssert.Contains(workflow.Split, "stratified by 'Label', seed 3 from the options");
        Assert.AreEqual(0, workflow.Notes.Count);
    }

    [TestMethod]
    public void Split_SetsAreDisjoint_CoverEveryRow_AndTrainingAndValidationIsTheirUnion()
    {
        var workflow = _ml.Regression.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(100, seed: 1)),
            new TestOnceOptions { LabelColumnName = "Target", ValidationFraction = 0.2, TestFraction = 0.1, Seed = 5 });

        int[] training = SplitData.Ids(workflow.TrainingData), validation = SplitData.Ids(workflow.ValidationData);
        Assert.AreEqual(70, training.Length);
        Assert.AreEqual(20, validation.Length);
        Assert.AreEqual(10, workflow.TestRowCount);
        Assert.AreEqual(0, training.Intersect(validation).Count());
        CollectionAssert.AreEqual(training.Concat(validation).Order().ToArray(), SplitData.Ids(workflow.TrainingAndValidationData));
        Assert.AreEqual(70L, workflow.TrainingData.GetRowCount());
        StringAssert.Contains(workflow.Split, "shuffled");
    }

    [TestMethod]
    public void Split_MulticlassTextLabel_StratifiesByValue_AndNotesAClassTooRareForEverySet()
    {
        var rows = SplitData.Rows(100, seed: 1);
        rows[0].Class = "rare";
        rows[1].Class = "rare";
        var workflow = _ml.MulticlassClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(rows),
            new TestOnceOptions { LabelColumnName = "Class", Seed = 2 });

        var validation = workflow.ValidationData.GetColumn<string>("Class").ToList();
        // "a" has 48 rows (ids 0 and 1 became "rare"): round(7.2) = 7; "b" 30: round(4.5) = 5; "c" 20: 3; "rare" 2: 0.
        Assert.AreEqual(7, validation.Count(c => c == "a"));
        Assert.AreEqual(5, validation.Count(c => c == "b"));
        Assert.AreEqual(3, validation.Count(c => c == "c"));
        Assert.AreEqual(2, workflow.TrainingData.GetColumn<string>("Class").Count(c => c == "rare"));
        Assert.AreEqual(1, workflow.Notes.Count);
        StringAssert.Contains(workflow.Notes[0], "Label value 'rare' has 2 row(s), too few to appear in every set: it has none in the validation and test sets");
    }

    [TestMethod]
    [DataRow(100, 3)]
    [DataRow(10, 10)]
    public void Split_ManyClasses_SetsGetTheirShareOfAllRows_EveryClassKeepsATrainingRow(int classes, int rowsPerClass)
    {
        var rows = SplitData.Rows(classes * rowsPerClass, seed: 1);
        rows.ForEach(r => r.Class = $"k{r.Id % classes}");
        var workflow = _ml.MulticlassClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(rows),
            new TestOnceOptions { LabelColumnName = "Class", ValidationFraction = 0.15, TestFraction = 0.15, Seed = 6 });

        int n = rows.Count, share = (int)Math.Round(n * 0.15, MidpointRounding.AwayFromZero);
        Assert.AreEqual(share, workflow.TestRowCount);
        Assert.AreEqual(share, workflow.ValidationRowCount);
        Assert.AreEqual(n - (2 * share), workflow.TrainingRowCount);
        int[] training = SplitData.Ids(workflow.TrainingData), validation = SplitData.Ids(workflow.ValidationData);
        Assert.AreEqual(workflow.TrainingRowCount + workflow.ValidationRowCount, training.Union(validation).Count());
        Assert.AreEqual(classes, workflow.TrainingData.GetColumn<string>("Class").Distinct().Count());
        // No class gives more than its share rounded up to either set.
        int most = (int)Math.Ceiling(rowsPerClass * 0.15);
        Assert.IsTrue(workflow.ValidationData.GetColumn<string>("Class").GroupBy(c => c).All(g => g.Count() <= most));
    }

    [TestMethod]
    public void Split_Grouped_PutsEveryGroupInOneSet()
    {
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(SplitData.Rows(200, seed: 1, groups: 25)),
            new TestOnceOptions { GroupColumnName = "Group", Seed = 4 });

        var training = workflow.TrainingData.GetColumn<string>("Group").ToHashSet();
        var validation = workflow.ValidationData.GetColumn<string>("Group").ToHashSet();
        Assert.AreEqual(0, training.Intersect(validation).Count());
        // 8 rows per group: test takes whole groups until it holds round(200 × 0.15) = 30 rows or more.
        Assert.AreEqual(32, workflow.TestRowCount);
        Assert.AreEqual(32, workflow.ValidationRowCount);
        Assert.AreEqual(4, validation.Count);
        Assert.AreEqual(25 - 4 - 4, training.Count);
        StringAssert.Contains(workflow.Split, "grouped by 'Group'");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void Split_GroupedClassification_NotesALabelValueWithoutTrainingRows_AndSingleClassSets(int seed)
    {
        // Only group g0 has positive rows: whichever set it lands in, some set has one class.
        var rows = SplitData.Rows(200, seed: 1, groups: 10);
        rows.ForEach(r => r.Label = r.Group == "g0");
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(_ml.Data.LoadFromEnumerable(rows), new TestOnceOptions { GroupColumnName = "Group", Seed = seed });

        bool inTraining = workflow.TrainingData.GetColumn<bool>("Label").Any(y => y);
        bool inValidation = workflow.ValidationData.GetColumn<bool>("Label").Any(y => y);
        var notes = workflow.Notes;
        Assert.AreEqual(inTraining ? 0 : 1, notes.Count(n => n.Contains("has no training rows", StringComparison.Ordinal)), string.Join("\n", notes));
        Assert.AreEqual(inValidation ? 0 : 1, notes.Count(n => n.StartsWith("The validation rows all have label value 'False'", StringComparison.Ordinal)), string.Join("\n", notes));
        Assert.AreEqual(!inTraining && !inValidation ? 0 : 1, notes.Count(n => n.StartsWith("The test rows all have label value 'False'", StringComparison.Ordinal)), string.Join("\n", notes));
        Assert.AreEqual(2, notes.Count);
    }

    [TestMethod]
    public void Split_SameSeedSameSplit_OtherSeedOtherSplit_ContextSeedIsReproducible()
    {
        var data = _ml.Data.LoadFromEnumerable(SplitData.Rows(100, seed: 1));
        int[] Training(MLContext ml, int? seed) => SplitData.Ids(ml.BinaryClassification.CreateTestOnceWorkflow(data, new TestOnceOptions { Seed = seed }).TrainingData);

        CollectionAssert.AreEqual(Training(_ml, 7), Training(_ml, 7));
        CollectionAssert.AreNotEqual(Training(_ml, 7), Training(_ml, 8));
        CollectionAssert.AreEqual(Training(new MLContext(seed: 11), null), Training(new MLContext(seed: 11), null));
        var fromContext = new MLContext(seed: 11).BinaryClassification.CreateTestOnceWorkflow(data);
        StringAssert.Contains(fromContext.Split, "from the MLContext");
    }

    [TestMethod]
    public void Split_KeepsEveryColumnWithItsAnnotations()
    {
        var raw = _ml.Data.LoadFromEnumerable(SplitData.Rows(60, seed: 1));
        var data = _ml.Transforms.Conversion.MapValueToKey("ColorKey", "Color").Append(_ml.Transforms.Concatenate("Features", "A", "B", "C")).Fit(raw).Transform(raw);
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(data, new TestOnceOptions { Seed = 1 });

        foreach (var view in new[] { workflow.TrainingData, workflow.ValidationData, workflow.TrainingAndValidationData })
        {
            CollectionAssert.AreEqual(data.Schema.Select(c => (c.Name, c.Type.ToString())).ToList(), view.Schema.Select(c => (c.Name, c.Type.ToString())).ToList());
            var keyValues = default(VBuffer<ReadOnlyMemory<char>>);
            view.Schema["ColorKey"].GetKeyValues(ref keyValues);
            Assert.AreEqual("red, green, blue", string.Join(", ", keyValues.DenseValues()));
            var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
            view.Schema["Features"].GetSlotNames(ref slotNames);
            Assert.AreEqual("A, B, C", string.Join(", ", slotNames.DenseValues()));
        }
        // Values travel with their row: the key and the text it came from agree.
        var colors = workflow.ValidationData.GetColumn<string>("Color").ToArray();
        var keys = workflow.ValidationData.GetColumn<uint>("ColorKey").ToArray();
        string[] order = ["red", "green", "blue"];
        for (int i = 0; i < colors.Length; i++)
            Assert.AreEqual(order[keys[i] - 1], colors[i]);
    }

    [TestMethod]
    public void Options_AreValidatedUpFront_AllProblemsInOneMessage()
    {
        var data = _ml.Data.LoadFromEnumerable(SplitData.Rows(50, seed: 1));

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.BinaryClassification.CreateTestOnceWorkflow(data,
            new TestOnceOptions { ValidationFraction = 0.6, TestFraction = 0.5, GroupColumnName = " " }));
        StringAssert.Contains(e.Message, "GroupColumnName is empty");
        StringAssert.Contains(e.Message, "ValidationFraction + TestFraction is 1.1, but must be below 1 to leave rows for training.");

        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.BinaryClassification.CreateTestOnceWorkflow(data, new TestOnceOptions { LabelColumnName = "Outcome" }));
        StringAssert.Contains(missing.Message, "LabelColumnName is 'Outcome', but the data has no such column.");

        var tooFew = Assert.ThrowsExactly<InvalidOperationException>(() => _ml.BinaryClassification.CreateTestOnceWorkflow(
            _ml.Data.LoadFromEnumerable(SplitData.Rows(40, seed: 1, groups: 2)), new TestOnceOptions { GroupColumnName = "Group" }));
        StringAssert.Contains(tooFew.Message, "2 groups of 40 rows");
    }
}
