namespace MLNetDeep.Tests.Cli;

/// <summary><c>mlnetdeep train</c> on multiclass and regression samples, and <c>mlnetdeep doctor</c>, in a child process.</summary>
[TestClass]
public sealed class CliTaskTests : TemporaryFolderTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [TestMethod]
    public void Train_SatelliteSample_InfersMulticlassAndReportsEveryModel()
    {
        string data = CliRunner.Subsample("satellite.csv", 16, Path.Combine(Folder, "satellite.csv"));
        var (code, output, errors) = CliRunner.Run(Folder, Timeout, "train", "--dataset", data, "--label", "classes", "--time", "120", "--trials", "3", "--output", "out");
        Assert.AreEqual(0, code, output + errors);
        StringAssert.Contains(output, "Task: multiclass (inferred: 6 text values), label 'classes'; 6 classes: cotton crop, damp grey soil, grey soil, red soil, vegetation stubble, very damp grey soil");
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"Macro F1\s+0\.\d{4}\s+0\.\d{4}\s+0\.\d{4}"));
        double logLoss = CliRunner.NumberAfter(output, "scored on test.csv: log-loss");
        Assert.IsTrue(logLoss is > 0 and < 1.79, $"log-loss {logLoss} should beat the uniform ln 6");
        Assert.IsTrue(File.Exists(Path.Combine(Folder, "out", "model.zip")));
    }

    [TestMethod]
    public void Train_DiamondsSampleWithMissingValues_InfersRegressionCategoriesAndIndicators()
    {
        // Every 5th sampled row loses its carat: the pipeline adds an indicator column and imputes the training mean.
        string data = CliRunner.Subsample("diamonds.csv", 90, Path.Combine(Folder, "diamonds.csv"), (n, fields) =>
        {
            if (n % 5 == 0)
                fields[0] = "";
            return fields;
        });
        var (code, output, errors) = CliRunner.Run(Folder, Timeout, "train", "--dataset", data, "--label", "price", "--time", "120", "--trials", "3", "--output", "out",
            "--column", "table:ignore");
        Assert.AreEqual(0, code, output + errors);
        StringAssert.Contains(output, "Task: regression (inferred: numbers), label 'price'");
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"carat\s+numeric\s+\d+\s+120\s+mean-imputed \+ missing indicator, normalized"));
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"cut\s+categorical\s+5\s+0\s+one-hot\s+inferred: 5 categories"));
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"table\s+ignore\s+.*from --column"));
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"RMSE\s+\d+\.\d{4}\s+\d+\.\d{4}\s+\d+\.\d{4}"));
        Assert.IsGreaterThan(0, CliRunner.NumberAfter(output, "scored on test.csv: RMSE"));
        Assert.AreEqual("price,carat,cut,color,clarity,depth,x,y,z", File.ReadLines(Path.Combine(Folder, "out", "test.csv")).First());
    }

    [TestMethod]
    public void Doctor_Pima_RunsSetupChecksAndFinderAndAdvises()
    {
        string data = CliRunner.Subsample("pima_diabetes.csv", 1, Path.Combine(Folder, "pima.csv"));
        var (code, output, errors) = CliRunner.Run(Folder, Timeout, "doctor", "--dataset", data, "--label", "diabetes", "--output", "doctor");
        Assert.AreEqual(0, code, output + errors);
        StringAssert.Contains(output, "PASS  Initial loss");
        StringAssert.Contains(output, "Single-feature leak");
        StringAssert.Contains(output, "Suggested learning rate ");
        StringAssert.Contains(output, "- Only 768 rows");
        Assert.IsTrue(File.Exists(Path.Combine(Folder, "doctor", "learning-rate-finder.png")));
    }
}
