using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.TestOnce;

/// <summary>The leakage checks inside TestOnceWorkflow.Fit: one held-out failure keeps the other checks; duplicates named by their row in the data.</summary>
[TestClass]
public sealed class TestOnceLeakageTests
{
    private readonly MLContext _ml = new(seed: 1);

    /// <summary>100 rows, each present twice (ids 0-99 and 1000-1099), with Features = A, B, LabelCopy.</summary>
    private static List<SplitRow> DuplicatedRows() => [.. SplitData.Rows(100, seed: 1).Concat(SplitData.Rows(100, seed: 1, firstId: 1000))];

    [TestMethod]
    public void Fit_ModelCannotScoreTheTestRows_KeepsTheSingleFeatureAndValidationChecks_AndNotesTheTestRows()
    {
        var data = SplitData.Featurized(_ml, DuplicatedRows(), "A", "B", "LabelCopy");
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(data, new TestOnceOptions { ValidationFraction = 0.2, TestFraction = 0.1, Seed = 1 });
        Assert.AreNotEqual(workflow.ValidationRowCount, workflow.TestRowCount);

        workflow.Fit(new FailsOnRowCount(workflow.TestRowCount));

        var leakage = workflow.Leakage!;
        StringAssert.Contains(leakage.Of(LeakageKind.SingleFeature).Single().Message, "LabelCopy (slot 2, AUC 1)");
        StringAssert.Contains(leakage.Of(LeakageKind.DuplicateRows).Single().Message, "validation rows");
        StringAssert.Contains(leakage.Notes.Single(), "The duplicate-row check of the test rows did not run: the model cannot score them: cannot score");
        StringAssert.StartsWith(leakage.Checks.Single(), "training vs validation: ");
    }

    [TestMethod]
    public void Fit_DuplicateRowExamples_AreRowNumbersOfTheSplitData()
    {
        var rows = DuplicatedRows();
        var workflow = _ml.BinaryClassification.CreateTestOnceWorkflow(SplitData.Featurized(_ml, rows, "A", "B", "C"), new TestOnceOptions { Seed = 1 });

        workflow.Fit(new FailsOnRowCount(-1));

        var held = SplitData.Ids(workflow.TrainingAndValidationData).ToHashSet();
        var training = SplitData.Ids(workflow.TrainingData).Select(id => rows.Single(r => r.Id == id)).Select(r => (r.A, r.B, r.C, r.Label)).ToHashSet();
        var validationIds = SplitData.Ids(workflow.ValidationData).ToHashSet();
        var findings = workflow.Leakage!.Of(LeakageKind.DuplicateRows).ToList();
        Assert.AreEqual(2, findings.Count, workflow.Leakage.ToString());
        foreach (var finding in findings)
        {
            bool test = finding.Message.Contains(" test rows", StringComparison.Ordinal);
            StringAssert.Contains(finding.Message, "(0-based row numbers in the data the workflow split)");
            Assert.IsTrue(finding.Examples.Count > 1);
            foreach (var row in finding.Examples.Select(e => rows[int.Parse(e, System.Globalization.CultureInfo.InvariantCulture)]))
            {
                Assert.AreEqual(test, !held.Contains(row.Id), $"row {row.Id} is in the {(test ? "test" : "validation")} set");
                Assert.AreEqual(!test, validationIds.Contains(row.Id));
                Assert.IsTrue(training.Contains((row.A, row.B, row.C, row.Label)), $"row {row.Id} equals a training row");
            }
        }
    }

    /// <summary>A model that passes its input through (Features already there) but cannot score a view of <c>rows</c> rows.</summary>
    private sealed class FailsOnRowCount(long rows) : IEstimator<ITransformer>, ITransformer
    {
        public bool IsRowToRowMapper => false;

        public ITransformer Fit(IDataView input) => this;

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

        public void Save(ModelSaveContext ctx) => throw new NotSupportedException();

        public IDataView Transform(IDataView input) => input.GetRowCount() == rows ? throw new InvalidOperationException("cannot score these rows") : input;
    }
}
