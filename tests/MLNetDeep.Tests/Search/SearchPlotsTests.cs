using System.Buffers.Binary;
using Microsoft.ML;
using MLNetDeep.Plots;
using static MLNetDeep.Tests.Training.HistoryFixtures;

namespace MLNetDeep.Tests.Search;

/// <summary>result.SaveBestSoFarPlot(path): a PNG of the requested size, its folder created.</summary>
[TestClass]
public sealed class SearchPlotsTests
{
    [TestMethod]
    public void SaveBestSoFarPlot_WritesAPngOfTheRequestedSize_InANewFolder()
    {
        var ml = new MLContext(seed: 1);
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 2)).LogUniform(o => o.LearningRate, 1e-3, 1e-2);
        var result = SearchData.Binary(ml).SearchHyperparameters(space, setup => SearchData.BinaryPipeline(ml, setup),
            new SearchOptions { Method = SearchMethod.Random, MaxTrials = 2, Pruning = SearchPruning.None, RefitAndEvaluateTest = false });
        using var folder = new TempFolder();

        string written = result.SaveBestSoFarPlot(Path.Combine(folder.Path, "search", "best.png"), width: 640, height: 400);

        Assert.AreEqual(Path.Combine(folder.Path, "search", "best.png"), written);
        var bytes = File.ReadAllBytes(written);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.AreEqual(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.AreEqual(400, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => result.SaveBestSoFarPlot(written, width: 50));
    }
}
