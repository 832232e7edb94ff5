using System.Diagnostics;

namespace MLNetDeep.Tests.Examples;

/// <summary>Runs a built example (examples/Name, built with the tests) in a child process, in a fresh working folder.</summary>
internal static class ExampleRunner
{
    /// <summary>Runs examples/<paramref name="name"/> with <paramref name="arguments"/>; fails the test unless it exits 0 in time. Returns its output.</summary>
    public static string Run(string name, TimeSpan timeout, params string[] arguments)
    {
        string workingFolder = Directory.CreateTempSubdirectory("mlnetdeep-example-").FullName;
        ProcessStartInfo start = StartInfo(name, workingFolder, arguments);
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"examples/{name} did not finish within {timeout}.\n{stdout.Result}");
            }
            Assert.AreEqual(0, process.ExitCode, $"examples/{name} failed:\n{stdout.Result}\n{stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            Directory.Delete(workingFolder, recursive: true);
        }
    }

    /// <summary>The built dll of examples/<paramref name="name"/>, in the tests' configuration; fails the test if it is missing.</summary>
    public static string DllPath(string name)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name, configuration = output.Parent!.Name;
        string dll = Path.Combine(RepositoryRoot(output), "examples", name, "bin", configuration, framework, name + ".dll");
        Assert.IsTrue(File.Exists(dll), $"Build examples/{name} first: {dll} not found.");
        return dll;
    }

    /// <summary>How to start examples/<paramref name="name"/> with <paramref name="arguments"/> in <paramref name="workingFolder"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(string name, string workingFolder, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder,
        };
        start.ArgumentList.Add(DllPath(name));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    private static string RepositoryRoot(DirectoryInfo start)
    {
        for (var dir = start; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNetDeep.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"MLNetDeep.sln was not found above {start.FullName}.");
    }
}
