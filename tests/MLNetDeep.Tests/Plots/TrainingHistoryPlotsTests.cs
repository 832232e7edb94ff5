using System.Buffers.Binary;
using MLNetDeep.Plots;
using static MLNetDeep.Tests.Training.HistoryFixtures;

namespace MLNetDeep.Tests.Plots;

/// <summary>history.SavePlots(folder): PNG files of the loss, the validation metric and the learning rate, of the requested size.</summary>
[TestClass]
public sealed class TrainingHistoryPlotsTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [TestMethod]
    public void SavePlots_OfAFitWithValidation_WritesTheThreePlots_AtTheRequestedSize()
    {
        var history = FittedEnsemble();
        using var folder = new TempFolder();

        var written = history.SavePlots(Path.Combine(folder.Path, "plots"), width: 640, height: 400);

        Assert.AreEqual(3, written.Count);
        Assert.AreEqual(Path.Combine(folder.Path, "plots", "loss.png"), written[0]);
        Assert.AreEqual(Path.Combine(folder.Path, "plots", "metric.png"), written[1]);
        Assert.AreEqual(Path.Combine(folder.Path, "plots", "learning-rate.png"), written[2]);
        foreach (string path in written)
            Assert.AreEqual((640, 400), PngSize(path), path);
    }

    [TestMethod]
    public void SavePlots_WithoutValidation_WritesNoMetricPlot_AtTheDefaultSize()
    {
        var history = FittedWithoutValidation();
        using var folder = new TempFolder();

        var written = history.SavePlots(folder.Path);

        CollectionAssert.AreEqual(new[] { TrainingHistoryPlots.LossFileName, TrainingHistoryPlots.LearningRateFileName },
            written.Select(Path.GetFileName).ToArray());
        Assert.IsFalse(File.Exists(folder.File(TrainingHistoryPlots.MetricFileName)));
        foreach (string path in written)
            Assert.AreEqual((800, 500), PngSize(path), path);
    }

    [TestMethod]
    public void SavePlots_OfAnEmptyHistory_WritesNothing()
    {
        using var folder = new TempFolder();

        var written = new TrainingHistory().SavePlots(folder.Path);

        Assert.AreEqual(0, written.Count);
        Assert.AreEqual(0, Directory.GetFiles(folder.Path).Length);
    }

    [TestMethod]
    public void SavePlots_WithNaNAndInfiniteValues_LeavesThemOutAndStillWritesEveryPlot()
    {
        using var folder = new TempFolder();

        var written = Handmade().SavePlots(folder.Path, width: 300, height: 200);

        Assert.AreEqual(3, written.Count);
        foreach (string path in written)
            Assert.AreEqual((300, 200), PngSize(path), path);
    }

    [TestMethod]
    public void SavePlots_OutsideTheSizeRange_IsRefused()
    {
        using var folder = new TempFolder();
        var history = Handmade();

        var tooNarrow = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => history.SavePlots(folder.Path, width: 99));
        var tooHigh = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => history.SavePlots(folder.Path, height: 10_001));

        Assert.AreEqual("width", tooNarrow.ParamName);
        Assert.AreEqual("height", tooHigh.ParamName);
        Assert.AreEqual(0, Directory.GetFiles(folder.Path).Length);
    }

    /// <summary>The width and height in a PNG file's IHDR chunk, after checking the signature.</summary>
    public static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.IsTrue(bytes.Length > 33, $"{path}: {bytes.Length} bytes");
        CollectionAssert.AreEqual(PngSignature, bytes[..8], $"{path} is not a PNG file");
        Assert.AreEqual("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4), "the first chunk");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
