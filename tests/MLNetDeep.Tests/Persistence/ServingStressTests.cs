namespace MLNetDeep.Tests.Persistence;

/// <summary>
/// The serving habit of FastTree users, an engine per request created and disposed on 8 threads, never breaks or
/// crashes a DeepMlp model: 100,000 predictions in requests of 100 (1,000 engines created and disposed while others
/// predict), bit-identical to single-threaded scoring, in a child process so that a native crash fails the test.
/// ML.NET's default with a plain Model.Load is the hazard the others avoid. (One engine per prediction costs about
/// 4 ms of CPU each, which would make this run take minutes.)
/// </summary>
[TestClass]
public sealed class ServingStressTests
{
    private const string Project = "tests/MLNetDeep.ServingStress", Name = "MLNetDeep.ServingStress";

    [TestMethod]
    [DataRow("fitted")]
    [DataRow("loadmodel")]
    [DataRow("plain-not-owned")]
    public void EnginePerRequestOnEightThreads_GivesSingleThreadedScores(string mode)
    {
        var (exitCode, output, errors) = ChildProcess.Run(ChildProcess.BuiltDll(Project, Name), Path.GetTempPath(), TimeSpan.FromMinutes(3), mode, "100000", "8", "100");

        Assert.AreEqual(0, exitCode, $"{output}\n{errors}");
        StringAssert.StartsWith(output, $"{mode}: 100000 predictions on 8 threads through 1000 engines in ");
        StringAssert.Contains(output, "; 0 differ from the single-threaded scores; Transform afterwards gives the same scores.");
    }

    [TestMethod]
    public void PlainModelLoad_WithEnginesThatOwnTheModel_Breaks()
    {
        var (exitCode, output, errors) = ChildProcess.Run(ChildProcess.BuiltDll(Project, Name), Path.GetTempPath(), TimeSpan.FromMinutes(3), "plain-owned", "20000", "8", "100");

        Assert.AreNotEqual(0, exitCode, $"disposing one engine closes the session the others use (dotnet/machinelearning#5945); if ML.NET fixed that, update the README's lifetime rule.\n{output}\n{errors}");
    }
}
