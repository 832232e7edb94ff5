using System.Globalization;
using static MLNetDeep.Tests.Training.HistoryFixtures;

namespace MLNetDeep.Tests.Training;

/// <summary>TrainingHistory.SaveAsCsv and SaveStepsAsCsv: a header, one row per epoch (or step) and member, values that parse back exactly.</summary>
[TestClass]
public sealed class HistoryCsvTests
{
    [TestMethod]
    public void SaveAsCsv_OfAnEnsemble_HasTheHeaderAndOneRowPerMemberEpoch_WithTheHistorysValues()
    {
        var history = FittedEnsemble();
        using var folder = new TempFolder();
        string path = folder.File("nested/history.csv");

        history.SaveAsCsv(path);

        var rows = ReadCsv(path, "Member,Epoch,TrainingLoss,ValidationLoss,ValidationMetric,LearningRate,DurationSeconds");
        var expected = history.Members.SelectMany((m, member) => m.Epochs.Select(e => (member, e))).ToList();
        Assert.AreEqual(6, expected.Count, "2 members × 3 epochs");
        Assert.AreEqual(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var (member, e) = expected[i];
            string[] row = rows[i];
            Assert.AreEqual(member, int.Parse(row[0], CultureInfo.InvariantCulture), $"row {i}");
            Assert.AreEqual(e.Epoch, int.Parse(row[1], CultureInfo.InvariantCulture), $"row {i}");
            Assert.IsNotNull(e.ValidationLoss);
            Assert.IsNotNull(e.ValidationMetric);
            CollectionAssert.AreEqual(
                new[] { Bits(e.TrainingLoss), Bits(e.ValidationLoss), Bits(e.ValidationMetric), Bits(e.LearningRate), Bits(e.Duration.TotalSeconds) },
                row[2..].Select(f => Bits(Parse(f))).ToArray(), $"row {i}");
        }
    }

    [TestMethod]
    public void SaveAsCsv_WithoutValidation_LeavesTheValidationFieldsEmpty_AndIgnoresTheCurrentCulture()
    {
        var history = FittedWithoutValidation();
        using var folder = new TempFolder();
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NegativeSign = "~";
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = commaCulture;
        try
        {
            history.SaveAsCsv(folder.File("history.csv"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        var rows = ReadCsv(folder.File("history.csv"), TrainingHistory.EpochCsvHeader);
        Assert.AreEqual(4, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.AreEqual("0", rows[i][0]);
            Assert.AreEqual("", rows[i][3], "ValidationLoss");
            Assert.AreEqual("", rows[i][4], "ValidationMetric");
            Assert.AreEqual(Bits(history.Epochs[i].TrainingLoss), Bits(Parse(rows[i][2])));
        }
    }

    [TestMethod]
    public void SaveAsCsv_WritesNaNAndInfinitiesInTheInvariantForm()
    {
        var history = Handmade();
        using var folder = new TempFolder();

        history.SaveAsCsv(folder.File("history.csv"));

        var rows = ReadCsv(folder.File("history.csv"), TrainingHistory.EpochCsvHeader);
        Assert.AreEqual(4, rows.Count, "3 epochs of member 0, 1 of member 1, none of member 2");
        Assert.AreEqual("0,1,0.30000000000000004,NaN,,0.001,1.2345678", string.Join(',', rows[0]));
        Assert.AreEqual("0,2,Infinity,-0,0.3333333333333333,5E-324,1E-07", string.Join(',', rows[1]));
        Assert.AreEqual("-Infinity", rows[2][3]);
        Assert.AreEqual("1,1,0.5,0.25,NaN,0.001,0", string.Join(',', rows[3]));
    }

    [TestMethod]
    public void SaveStepsAsCsv_HasOneRowPerMemberStep_WithTheHistorysValues()
    {
        var history = FittedEnsemble();
        using var folder = new TempFolder();

        history.SaveStepsAsCsv(folder.File("steps.csv"));

        var rows = ReadCsv(folder.File("steps.csv"), "Member,Step,Epoch,LearningRate,Loss,GradientNorm,LossScale,Skipped");
        var expected = history.Members.SelectMany((m, member) => m.Steps.Select(s => (member, s))).ToList();
        Assert.IsTrue(expected.Count > 6, $"{expected.Count} steps");
        Assert.AreEqual(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var (member, s) = expected[i];
            string[] row = rows[i];
            Assert.AreEqual($"{member},{s.Step},{s.Epoch}", string.Join(',', row[..3]), $"row {i}");
            Assert.IsNotNull(s.GradientNorm, "gradient clipping records the norm");
            CollectionAssert.AreEqual(new[] { Bits(s.LearningRate), Bits(s.Loss), Bits(s.GradientNorm) },
                row[3..6].Select(f => Bits(Parse(f))).ToArray(), $"row {i}");
            Assert.AreEqual("", row[6], "LossScale without float16");
            Assert.AreEqual("false", row[7]);
        }
    }

    [TestMethod]
    public void SaveStepsAsCsv_OfAnEmptyHistory_WritesTheHeaderOnly()
    {
        using var folder = new TempFolder();

        new TrainingHistory().SaveStepsAsCsv(folder.File("steps.csv"));
        new TrainingHistory().SaveAsCsv(folder.File("epochs.csv"));

        Assert.AreEqual(TrainingHistory.StepCsvHeader + "\n", File.ReadAllText(folder.File("steps.csv")));
        Assert.AreEqual(TrainingHistory.EpochCsvHeader + "\n", File.ReadAllText(folder.File("epochs.csv")));
    }

    /// <summary>The rows after the header (which must be <paramref name="header"/>), split at commas; every row as wide as the header.</summary>
    private static List<string[]> ReadCsv(string path, string header)
    {
        string[] lines = File.ReadAllText(path).Split('\n');
        Assert.AreEqual(header, lines[0]);
        Assert.AreEqual("", lines[^1], "the file ends with a line end");
        var rows = lines[1..^1].Select(l => l.Split(',')).ToList();
        foreach (string[] row in rows)
            Assert.AreEqual(header.Split(',').Length, row.Length, string.Join(',', row));
        return rows;
    }

    private static double Parse(string field) => double.Parse(field, CultureInfo.InvariantCulture);
}
