namespace MLNetDeep.Tests.Cli;

/// <summary>Each user or usage error of <c>mlnetdeep</c> exits non-zero with one line on stderr that names the problem and the fix.</summary>
[TestClass]
public sealed class CliErrorTests : TemporaryFolderTest
{
    private string Pima() => CliRunner.Subsample("pima_diabetes.csv", 4, Path.Combine(Folder, "pima.csv"));

    [TestMethod]
    public void Train_MissingFile_ExitsOneNamingThePath()
    {
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", "nope.csv", "--label", "y");
        Assert.AreEqual(1, code);
        Assert.AreEqual($"error: --dataset file 'nope.csv' does not exist (looked for {Path.Combine(Folder, "nope.csv")}); check the path.", error);
    }

    [TestMethod]
    public void Train_UnknownLabel_ExitsOneListingTheColumns()
    {
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", Pima(), "--label", "Diabetes");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "Label column 'Diabetes' is not in");
        StringAssert.Contains(error, "(did you mean 'diabetes'?); the columns are: pregnant, glucose, pressure, triceps, insulin, mass, pedigree, age, diabetes.");
    }

    [TestMethod]
    public void Train_UnparsableValue_ExitsOneNamingLineColumnAndValue()
    {
        string data = CliRunner.Subsample("pima_diabetes.csv", 4, Path.Combine(Folder, "pima.csv"), (n, fields) =>
        {
            if (n == 7)
                fields[5] = "thirty";
            return fields;
        });
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", data, "--label", "diabetes", "--column", "mass:numeric");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "Column 'mass' was declared numeric (--column mass:numeric), but");
        StringAssert.Contains(error, "line 9, column 'mass' holds 'thirty', which is not a number; fix the value or declare it categorical (--column mass:categorical).");
    }

    [TestMethod]
    public void Train_LabelWithOneValue_ExitsOne()
    {
        string path = Path.Combine(Folder, "one.csv");
        File.WriteAllLines(path, File.ReadAllLines(Pima()).Where((line, i) => i == 0 || line.EndsWith("\"neg\"", StringComparison.Ordinal)));
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", path, "--label", "diabetes");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "Label column 'diabetes' holds the single value 'neg' in all");
        StringAssert.Contains(error, "a model needs at least two values.");
    }

    [TestMethod]
    public void Train_BudgetTooSmallForOneEpoch_ExitsOne()
    {
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", Pima(), "--label", "diabetes", "--time", "0.01");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "too little for one epoch of training; raise --time");
    }

    [TestMethod]
    public void Inspect_ZipThatIsNotAModel_ExitsOne()
    {
        string path = Path.Combine(Folder, "other.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }
        var (code, error) = CliRunner.RunFailing(Folder, "inspect", "--model", path);
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error, $"error: '{path}' is not an MLNetDeep model:");
        StringAssert.EndsWith(error, "Pass a model.zip written by `mlnetdeep train`.");
    }

    [TestMethod]
    public void Train_MissingRequiredOption_ExitsTwo()
    {
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", Pima());
        Assert.AreEqual(2, code);
        Assert.AreEqual("error: Command 'train' is missing required option 'label'. Run the command with --help for its options.", error);
    }

    [TestMethod]
    public void Train_BadColumnKind_ExitsTwo()
    {
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", Pima(), "--label", "diabetes", "--column", "mass:number");
        Assert.AreEqual(2, code);
        StringAssert.StartsWith(error, "error: --column 'mass:number' is not name:kind; kind is numeric, categorical, text or ignore");
    }

    [TestMethod]
    public void Help_EveryCommand_ExitsZeroAndDescribesItsOptions()
    {
        foreach (var (command, option) in new[] { ("train", "--time"), ("predict", "--input"), ("evaluate", "--dataset"), ("doctor", "--label"), ("inspect", "--model") })
        {
            var (code, output, errors) = CliRunner.Run(Folder, TimeSpan.FromMinutes(1), command, "--help");
            Assert.AreEqual(0, code, errors);
            StringAssert.Contains(output, $"mlnetdeep {command} [OPTIONS]");
            StringAssert.Contains(output, option);
        }
    }

    [TestMethod]
    public void Train_UnknownOption_IsAUsageError()
    {
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", Pima(), "--label", "diabetes", "--tme", "5");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "tme");
    }

    [TestMethod]
    public void Train_StrayValueInANumericColumn_ExitsOneNamingIt()
    {
        string data = CliRunner.Subsample("pima_diabetes.csv", 4, Path.Combine(Folder, "pima.csv"), (n, fields) =>
        {
            if (n == 7)
                fields[1] = "12O";
            return fields;
        });
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", data, "--label", "diabetes");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "Column 'glucose' holds numbers in");
        StringAssert.Contains(error, "line 9, column 'glucose' holds '12O', which is not a number");
    }

    [TestMethod]
    public void Train_FeatureNamedLikeAPipelineColumn_ExitsOneAskingToRenameIt()
    {
        string path = Path.Combine(Folder, "renamed.csv");
        var lines = File.ReadAllLines(Pima());
        lines[0] = lines[0].Replace("age", "Label", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);
        var (code, error) = CliRunner.RunFailing(Folder, "train", "--dataset", path, "--label", "mass");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "Feature column 'Label' has a name the model's pipeline writes itself");
    }
}
