using MLNetDeep.Cli;
using MLNetDeep.Cli.Data;

namespace MLNetDeep.Tests.Cli;

/// <summary>The command line's CSV reading, task and column-type inference and test split, in process on tiny files.</summary>
[TestClass]
public sealed class CliInferenceTests : TemporaryFolderTest
{
    private CsvTable Table(params string[] lines)
    {
        string path = Path.Combine(Folder, "data.csv");
        File.WriteAllLines(path, lines);
        return CsvTable.Read(path, "--dataset");
    }

    [TestMethod]
    public void Read_QuotedFieldsWithSeparatorsQuotesAndNewlines_KeepsThemAndTheirLines()
    {
        var table = Table("a,b", "\"x, y\",\"say \"\"hi\"\"\"", "\"two", "lines\",3", "4,5");
        Assert.AreEqual("a|b", string.Join("|", table.Header.ToArray()));
        Assert.AreEqual("x, y|say \"hi\"", string.Join("|", table.Rows[0]));
        Assert.AreEqual("two\nlines|3", string.Join("|", table.Rows[1]));
        Assert.AreEqual("2|3|5", string.Join("|", table.LineNumbers.ToArray()));
    }

    [TestMethod]
    public void Read_SemicolonHeader_UsesSemicolons()
    {
        var table = Table("a;b", "1,5;2");
        Assert.AreEqual(';', table.Separator);
        Assert.AreEqual("1,5|2", string.Join("|", table.Rows[0]));
    }

    [TestMethod]
    public void Read_RowWithTooManyFields_NamesTheLine()
    {
        var error = Assert.ThrowsExactly<UserInputException>(() => Table("a,b", "1,2", "1,2,3"));
        StringAssert.EndsWith(error.Message, "line 3: 3 fields, but the header has 2; fix the row (quote fields that contain ',').");
    }

    [TestMethod]
    public void Infer_Label_FollowsTheTaskRules()
    {
        Assert.AreEqual(TaskKind.Binary, LabelInfo.Infer(Table("y", "no", "yes", "no"), "y", TaskKind.Auto).Task);
        Assert.AreEqual("no|yes", string.Join("|", LabelInfo.Infer(Table("y", "yes", "no"), "y", TaskKind.Auto).Classes), "yes is positive");
        Assert.AreEqual("a|b", string.Join("|", LabelInfo.Infer(Table("y", "b", "a"), "y", TaskKind.Auto).Classes), "the later value is positive");
        var digits = LabelInfo.Infer(Table("y", "10", "2", "3", "2"), "y", TaskKind.Auto);
        Assert.AreEqual(TaskKind.Multiclass, digits.Task);
        Assert.AreEqual("2|3|10", string.Join("|", digits.Classes.ToArray()), "numeric classes in numeric order");
        Assert.AreEqual(TaskKind.Multiclass, LabelInfo.Infer(Table("y", "red", "green", "blue"), "y", TaskKind.Auto).Task);
        Assert.AreEqual(TaskKind.Regression, LabelInfo.Infer(Table("y", "1.5", "2", "3"), "y", TaskKind.Auto).Task);
        Assert.AreEqual(TaskKind.Regression, LabelInfo.Infer(Table("y", "1", "2", "3"), "y", TaskKind.Regression).Task);
    }

    [TestMethod]
    public void Infer_RegressionOnText_NamesTheLineAndValue()
    {
        var error = Assert.ThrowsExactly<UserInputException>(() => LabelInfo.Infer(Table("y", "1", "2", "three"), "y", TaskKind.Regression));
        StringAssert.Contains(error.Message, "line 4, column 'y' holds 'three', which is not a number; fix the value or use --task multiclass.");
    }

    [TestMethod]
    public void Infer_Columns_NumericCategoricalTextIdentifierConstantAndOverride()
    {
        var lines = new List<string> { "id,size,city,note,constant,y" };
        for (int i = 0; i < 30; i++)
            lines.Add($"{100 + i},{(i % 7 == 0 ? "NA" : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))},{(i % 2 == 0 ? "Oslo" : "Rome")},\"word {i} and more {i * 3}\",k,{i % 2}");
        var table = Table([.. lines]);
        var profiles = ColumnTypeInference.Infer(table, 5, new Dictionary<string, ColumnKind> { ["city"] = ColumnKind.Text });
        var kinds = profiles.ToDictionary(p => p.Name, p => p.Kind);
        Assert.AreEqual(ColumnKind.Ignore, kinds["id"]);
        Assert.AreEqual(ColumnKind.Numeric, kinds["size"]);
        Assert.AreEqual(5, profiles.Single(p => p.Name == "size").MissingCount);
        Assert.AreEqual(ColumnKind.Text, kinds["city"]);
        Assert.AreEqual("from --column", profiles.Single(p => p.Name == "city").Reason);
        Assert.AreEqual(ColumnKind.Text, kinds["note"]);
        Assert.AreEqual(ColumnKind.Ignore, kinds["constant"]);
        Assert.AreEqual(ColumnKind.Categorical, ColumnTypeInference.Infer(table, 5, new Dictionary<string, ColumnKind>()).Single(p => p.Name == "city").Kind);
    }

    [TestMethod]
    public void ParseOverrides_UnknownColumn_ListsTheColumns()
    {
        var table = Table("a,b", "1,2");
        var error = Assert.ThrowsExactly<UserInputException>(() => ColumnTypeInference.ParseOverrides(["c:numeric"], table));
        StringAssert.EndsWith(error.Message, "the columns are: a, b.");
        Assert.ThrowsExactly<UsageException>(() => ColumnTypeInference.ParseOverrides(["a:1"], table));
        Assert.AreEqual(ColumnKind.Ignore, ColumnTypeInference.ParseOverrides(["a:IGNORE"], table)["a"]);
    }

    [TestMethod]
    public void Split_Classification_StratifiesDisjointCompleteAndSeeded()
    {
        var lines = new List<string> { "x,y" };
        lines.AddRange(Enumerable.Range(0, 100).Select(i => $"{i},{(i < 80 ? "a" : "b")}"));
        var table = Table([.. lines]);
        var label = LabelInfo.Infer(table, "y", TaskKind.Auto);
        var (development, test) = HoldoutSplit.Split(table, label, 0.15, seed: 4);
        Assert.HasCount(15, test);
        Assert.AreEqual(12, test.Count(r => table.Rows[r][1] == "a"));
        Assert.AreEqual(3, test.Count(r => table.Rows[r][1] == "b"));
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).ToArray(), development.Concat(test).ToArray());
        CollectionAssert.AreEqual(test, HoldoutSplit.Split(table, label, 0.15, seed: 4).Test);
        CollectionAssert.AreNotEqual(test, HoldoutSplit.Split(table, label, 0.15, seed: 5).Test);
    }

    [TestMethod]
    public void Identifiers_ColumnNames_BecomeDistinctPascalCaseProperties()
    {
        Assert.AreEqual("XA1|XA12|Column2nd|Price|Price2|Column",
            string.Join("|", MLNetDeep.Cli.CodeGeneration.Identifiers.For(["x.a1", "x.a1_2", "2nd", "price", "Price", "é"])));
        Assert.AreEqual("\"a\\\"b\\\\\"", MLNetDeep.Cli.CodeGeneration.Identifiers.Literal("a\"b\\"));
    }

    [TestMethod]
    public void Classify_Exceptions_MapToTheDocumentedExitCodes()
    {
        Assert.AreEqual(ExitCodes.UserError, ErrorReporter.Classify(new UserInputException("x")).Code);
        Assert.AreEqual(ExitCodes.UsageError, ErrorReporter.Classify(new UsageException("x")).Code);
        Assert.AreEqual(ExitCodes.UserError, ErrorReporter.Classify(new MLNetDeep.Scoring.InvalidModelException("x")).Code);
        Assert.AreEqual(ExitCodes.InternalError, ErrorReporter.Classify(new InvalidOperationException("x")).Code);
        using var errors = new StringWriter();
        Assert.AreEqual(ExitCodes.UserError, ErrorReporter.Report(new UserInputException("two\nlines"), errors));
        Assert.AreEqual("error: two lines" + Environment.NewLine, errors.ToString());
    }
}
