namespace MLNetDeep.Tests.Persistence;

/// <summary>Runs tests/MLNetDeep.ScoringHost (built before the tests) in a separate process.</summary>
internal static class ScoringHostRunner
{
    public const string AssemblyName = "MLNetDeep.ScoringHost";

    /// <summary>The host's build folder (tests/MLNetDeep.ScoringHost/bin/Config/tfm).</summary>
    public static string OutputFolder => Path.GetDirectoryName(ChildProcess.BuiltDll("tests/" + AssemblyName, AssemblyName))!;

    public static string[] Score(string task, string modelPath, string inputPath)
    {
        string outputPath = Path.Combine(Path.GetDirectoryName(modelPath)!, task + "-host.tsv");
        string dll = Path.Combine(OutputFolder, AssemblyName + ".dll");
        var (exitCode, output, errors) = ChildProcess.Run(dll, Path.GetDirectoryName(modelPath)!, TimeSpan.FromMinutes(2), task, modelPath, inputPath, outputPath);
        Assert.AreEqual(0, exitCode, $"ScoringHost failed:\n{output}\n{errors}");
        return File.ReadAllLines(outputPath);
    }
}
