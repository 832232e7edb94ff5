using System.Diagnostics;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace MLNetDeep.Tests.Build;

/// <summary>
/// The -p:TorchBackend switch in src/MLNetDeep/MLNetDeep.csproj, checked by MSBuild evaluation only: the CUDA packages
/// are not restored on the build machines.
/// </summary>
[TestClass]
public sealed class TorchBackendSwitchTests
{
    private const string Project = "src/MLNetDeep/MLNetDeep.csproj";

    [TestMethod]
    public void DefaultBackend_ReferencesTorchSharpCpuOnly()
    {
        string torchPackages = TorchPackageReferences();

        Assert.AreEqual("TorchSharp-cpu", torchPackages);
    }

    [TestMethod]
    public void CudaBackend_ReferencesTheCudaPackageForThisOs()
    {
        string torchPackages = TorchPackageReferences("-p:TorchBackend=cuda");

        Assert.AreEqual(OperatingSystem.IsWindows() ? "TorchSharp-cuda-windows" : "TorchSharp-cuda-linux", torchPackages);
    }

    [TestMethod]
    public void UnknownBackend_FailsBeforeRestoreWithClearError()
    {
        (int exitCode, string output) = RunMsBuild(Project, "-t:CollectPackageReferences", "-p:TorchBackend=gpu");

        Assert.AreNotEqual(0, exitCode, output);
        StringAssert.Contains(output, "TorchBackend is 'gpu', but must be 'cpu' or 'cuda'.");
    }

    // The TorchSharp package references after evaluation, comma-separated.
    private static string TorchPackageReferences(params string[] properties)
    {
        (int exitCode, string output) = RunMsBuild([Project, "-getItem:PackageReference", .. properties]);
        Assert.AreEqual(0, exitCode, output);
        using JsonDocument json = JsonDocument.Parse(output);
        return string.Join(", ", json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(item => item.GetProperty("Identity").GetString()!)
            .Where(id => id.StartsWith("TorchSharp", StringComparison.Ordinal)));
    }

    private static (int ExitCode, string Output) RunMsBuild(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add("-nologo");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("TorchBackend");   // MSBuild reads environment variables as properties
        start.Environment["DOTNET_NOLOGO"] = "1";

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet msbuild {string.Join(' ', arguments)} did not finish within 2 minutes.");
        }
        return (process.ExitCode, output + error.Result);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNetDeep.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"MLNetDeep.sln not found above {AppContext.BaseDirectory}.");
    }
}
