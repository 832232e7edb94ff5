using System.Diagnostics;

namespace MLNetDeep.Tests.Persistence;

/// <summary>Runs tests/MLNetDeep.ScoringHost (built before the tests) in a separate process.</summary>
internal static class ScoringHostRunner
{
    public const string AssemblyName = "MLNetDeep.ScoringHost";

    /// <summary>The host's build folder: next to this test's output (…/MLNetDeep.Tests/bin/Config/tfm → …/MLNetDeep.ScoringHost/bin/Config/tfm).</summary>
    public static string OutputFolder
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string framework = output.Name;
            string configuration = output.Parent!.Name;
            string tests = output.Parent.Parent!.Parent!.Parent!.FullName;
            string folder = Path.Combine(tests, AssemblyName, "bin", configuration, framework);
            Assert.IsTrue(File.Exists(Path.Combine(folder, AssemblyName + ".dll")), $"Build {AssemblyName} first: not found in {folder}.");
            return folder;
        }
    }

    public static string[] Score(string task, string modelPath, string inputPath)
    {
        string outputPath = Path.Combine(Path.GetDirectoryName(modelPath)!, task + "-host.tsv");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(OutputFolder, AssemblyName + ".dll"), task, modelPath, inputPath, outputPath })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("ScoringHost did not finish within 2 minutes.");
        }

        Assert.AreEqual(0, process.ExitCode, $"ScoringHost failed:\n{stdout.Result}\n{stderr.Result}");
        return File.ReadAllLines(outputPath);
    }
}
