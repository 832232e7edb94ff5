using MLNetDeep.Tests.Checkpoints;

namespace MLNetDeep.Tests;

/// <summary>A test class whose every test gets a fresh temporary folder, <see cref="Folder"/>, deleted afterwards.</summary>
public abstract class TemporaryFolderTest
{
    /// <summary>The current test's folder.</summary>
    protected string Folder { get; private set; } = "";

    [TestInitialize]
    public void CreateFolder() => Folder = CheckpointTestKit.NewFolder();

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);
}
