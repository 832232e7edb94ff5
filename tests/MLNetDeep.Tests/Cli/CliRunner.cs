using System.Globalization;
using MLNetDeep.Examples;

namespace MLNetDeep.Tests.Cli;

/// <summary>Runs the built mlnetdeep command line (src/MLNetDeep.Cli) in a child process, and prepares small CSV files from the bundled data.</summary>
internal static class CliRunner
{
    /// <summary>The repository's MLNetDeep.Scoring project, for the generated code to reference.</summary>
    public static string ScoringProject => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ChildProcess.BuiltDll("src/MLNetDeep.Cli", "MLNetDeep.Cli"))!,
        "..", "..", "..", "..", "MLNetDeep.Scoring", "MLNetDeep.Scoring.csproj"));

    /// <summary>Runs <c>mlnetdeep <paramref name="arguments"/></c> in <paramref name="workingFolder"/>; fails the test after <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Errors) Run(string workingFolder, TimeSpan timeout, params string[] arguments) =>
        ChildProcess.Run(ChildProcess.BuiltDll("src/MLNetDeep.Cli", "MLNetDeep.Cli"), workingFolder, timeout, arguments);

    /// <summary>Runs a command expected to fail fast; returns its exit code and stderr after checking stderr is one line and stdout has no stack trace.</summary>
    public static (int ExitCode, string Error) RunFailing(string workingFolder, params string[] arguments)
    {
        var (code, output, errors) = Run(workingFolder, TimeSpan.FromMinutes(1), arguments);
        string error = errors.Trim();
        Assert.AreEqual(1, error.Split('\n').Length, $"stderr should be one line:\n{errors}");
        Assert.IsFalse(output.Contains("   at ", StringComparison.Ordinal), output);
        return (code, error);
    }

    /// <summary>Writes every <paramref name="step"/>-th row of bundled <paramref name="fileName"/> (header kept) to <paramref name="path"/>, passing each row's fields through <paramref name="edit"/>.</summary>
    public static string Subsample(string fileName, int step, string path, Func<int, string[], string[]>? edit = null)
    {
        var lines = File.ReadAllLines(BundledDatasets.PathOf(fileName));
        var kept = new List<string> { lines[0] };
        for (int i = 1, n = 0; i < lines.Length; i += step, n++)
            kept.Add(edit is null ? lines[i] : string.Join(",", edit(n, lines[i].Split(','))));
        File.WriteAllLines(path, kept);
        return path;
    }

    /// <summary>The number after "<paramref name="prefix"/>" on the first line of <paramref name="output"/> that contains it.</summary>
    public static double NumberAfter(string output, string prefix)
    {
        int start = output.IndexOf(prefix, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, $"'{prefix}' not found in:\n{output}");
        string rest = output[(start + prefix.Length)..].TrimStart();
        return double.Parse(rest[..rest.IndexOfAny([' ', '\n', '\r', ')'])], CultureInfo.InvariantCulture);
    }
}
