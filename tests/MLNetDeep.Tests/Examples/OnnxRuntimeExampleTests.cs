using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.OnnxRuntime exports a diamonds pipeline as one ONNX file whose inputs are the raw columns, scores it
/// through ONNX Runtime's own API, and reports a maximum difference from ML.NET's Transform of at most 1e-5 (relative to
/// the price, at least absolute), as its README promises.
/// </summary>
[TestClass]
public sealed partial class OnnxRuntimeExampleTests
{
    [TestMethod]
    public void Example_ScoresTheWholePipelineFile_AsMLNetDoes()
    {
        long onnxBytes = 0;
        string output = ExampleRunner.Run("MLNetDeep.OnnxRuntime", TimeSpan.FromMinutes(2),
            folder => onnxBytes = new FileInfo(Path.Combine(folder, "out", "diamonds.onnx")).Length, "--sample", "0.03", "--epochs", "3");

        Assert.IsGreaterThan(10_000L, onnxBytes, "the ONNX file holds the network");
        foreach (string input in new[] { "carat +Single +\\[-1, 1\\]", "cut +String +\\[-1, 1\\]", "color +String +\\[-1, 1\\]", "clarity +String +\\[-1, 1\\]", "dimensions +Single +\\[-1, 5\\]" })
            Assert.MatchesRegex(new Regex($@"^  input  {input}\r?$", RegexOptions.Multiline), output);
        Assert.DoesNotMatchRegex(new Regex(@"^  input  Label", RegexOptions.Multiline), output, "the label is not an input");
        Assert.MatchesRegex(new Regex(@"^  output Score +Single +\[-1, 1\]\r?$", RegexOptions.Multiline), output);

        var rows = ScoredRow().Matches(output);
        Assert.HasCount(6, rows, output);
        foreach (Match row in rows)
            Assert.AreEqual(Number(row.Groups["mlnet"].Value), Number(row.Groups["onnx"].Value), 0.011, row.Value);

        var difference = Difference().Match(output);
        Assert.IsTrue(difference.Success, output);
        Assert.IsLessThanOrEqualTo(1e-5, Number(difference.Groups["relative"].Value), output);
        var evaluated = Regex.Match(output, @"test R² -?\d\.\d{4} on (?<rows>[\d,]+) rows");
        Assert.IsTrue(evaluated.Success, output);
        Assert.AreEqual(evaluated.Groups["rows"].Value, difference.Groups["rows"].Value, "every test row is compared");
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^ +\d\.\d\d \w.*? [D-J] +\w+ +\d+ +(?<mlnet>-?\d+\.\d\d) +(?<onnx>-?\d+\.\d\d)\r?$", RegexOptions.Multiline)]
    private static partial Regex ScoredRow();

    [GeneratedRegex(@"ONNX Runtime vs ML\.NET Transform on (?<rows>[\d,]+) rows: max absolute difference \d\.\d\dE[+-]\d+ \(dollars\), max relative difference (?<relative>\d\.\d\dE[+-]\d+)")]
    private static partial Regex Difference();
}
