using System.Diagnostics;

namespace MLNetDeep.Tests;

/// <summary>
/// Runs a program of this repository, built beside the tests, in a child process: a native crash or a hang then fails
/// one test instead of the whole run.
/// </summary>
internal static class ChildProcess
{
    /// <summary>The built dll of the project in <paramref name="projectFolder"/> (relative to the repository root), for this test run's configuration.</summary>
    public static string BuiltDll(string projectFolder, string assemblyName)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string dll = Path.Combine(RepositoryRoot(output), projectFolder, "bin", output.Parent!.Name, output.Name, assemblyName + ".dll");
        Assert.IsTrue(File.Exists(dll), $"Build {projectFolder} first: {dll} not found.");
        return dll;
    }

    /// <summary>Runs <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c>; fails the test when it does not end within <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Errors) Run(string dll, string workingFolder, TimeSpan timeout, params string[] arguments)
    {
        ProcessStartInfo start = StartInfo(dll, workingFolder, arguments);
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} did not finish within {timeout}.\n{stdout.Result}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <c><paramref name="fileName"/> <paramref name="arguments"/></c> (for example <c>dotnet build</c>); fails the test when it does not end within <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Errors) RunCommand(string fileName, string workingFolder, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.\n{stdout.Result}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>How to start <c>dotnet <paramref name="dll"/></c> in <paramref name="workingFolder"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(string dll, string workingFolder, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder,
        };
        start.ArgumentList.Add(dll);
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
