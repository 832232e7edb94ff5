using System.Text.Json;
using static MLNetDeep.Tests.Training.HistoryFixtures;

namespace MLNetDeep.Tests.Training;

/// <summary>TrainingHistory.SaveAsJson and LoadJson: the whole history, members included, round-trips bit for bit.</summary>
[TestClass]
public sealed class HistoryJsonTests
{
    [TestMethod]
    public void SaveAsJson_OfAFittedEnsemble_LoadsBackExactly()
    {
        var history = FittedEnsemble();
        using var folder = new TempFolder();
        string path = folder.File("nested/history.json");

        history.SaveAsJson(path);
        var loaded = TrainingHistory.LoadJson(path);

        Assert.AreEqual(2, history.Members.Count);
        Assert.IsTrue(history.Notes.Count >= 2, string.Join("\n", history.Notes));
        Assert.IsNotNull(history.ValidationMetricName);
        AssertSame(history, loaded);
    }

    [TestMethod]
    public void SaveAsJson_WithNaNInfinitiesNegativeZeroAndNulls_LoadsBackBitForBit()
    {
        var history = Handmade();
        using var folder = new TempFolder();

        history.SaveAsJson(folder.File("history.json"));
        var loaded = TrainingHistory.LoadJson(folder.File("history.json"));

        AssertSame(history, loaded);
        Assert.AreEqual(TimeSpan.FromDays(400).Add(TimeSpan.FromTicks(7)), loaded.Epochs[2].Duration);
    }

    [TestMethod]
    public void SaveAsJson_WritesTheDocumentedFields()
    {
        using var folder = new TempFolder();
        Handmade().SaveAsJson(folder.File("history.json"));

        using var json = JsonDocument.Parse(File.ReadAllBytes(folder.File("history.json")));
        var root = json.RootElement;
        Assert.AreEqual("formatVersion,validationMetricName,selectedEpoch,notes,epochs,steps,otherMembers,layerStatistics,baselineLoss,classes",
            string.Join(',', root.EnumerateObject().Select(p => p.Name)));
        Assert.AreEqual(TrainingHistory.JsonFormatVersion, root.GetProperty("formatVersion").GetInt32());
        Assert.AreEqual("AUC", root.GetProperty("validationMetricName").GetString());
        var epoch = root.GetProperty("epochs")[0];
        Assert.AreEqual("epoch,trainingLoss,validationLoss,validationMetric,learningRate,durationSeconds",
            string.Join(',', epoch.EnumerateObject().Select(p => p.Name)));
        Assert.AreEqual("NaN", epoch.GetProperty("validationLoss").GetString());
        Assert.AreEqual(JsonValueKind.Null, epoch.GetProperty("validationMetric").ValueKind);
        Assert.AreEqual(1.2345678, epoch.GetProperty("durationSeconds").GetDouble());
        Assert.AreEqual("step,epoch,learningRate,loss,gradientNorm,lossScale,skipped",
            string.Join(',', root.GetProperty("steps")[0].EnumerateObject().Select(p => p.Name)));
        Assert.AreEqual(2, root.GetProperty("otherMembers").GetArrayLength(), "members 1 and 2; the top level is member 0");
        Assert.IsFalse(root.GetProperty("otherMembers")[0].TryGetProperty("otherMembers", out _));
    }

    [TestMethod]
    public void SaveAsJson_OfAnEmptyHistory_LoadsBackEmpty()
    {
        using var folder = new TempFolder();

        new TrainingHistory().SaveAsJson(folder.File("history.json"));
        var loaded = TrainingHistory.LoadJson(folder.File("history.json"));

        AssertSame(new TrainingHistory(), loaded);
        Assert.AreEqual(0, loaded.Members.Count);
    }

    [TestMethod]
    public void LoadJson_OfAnotherFile_SaysWhatIsWrong()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("other.json"), """{ "name": "not a history" }""");
        File.WriteAllText(folder.File("future.json"),
            """{ "formatVersion": 2, "validationMetricName": null, "selectedEpoch": 0, "notes": [], "epochs": [], "steps": [], "otherMembers": [] }""");

        var other = Assert.ThrowsExactly<InvalidDataException>(() => TrainingHistory.LoadJson(folder.File("other.json")));
        var future = Assert.ThrowsExactly<InvalidDataException>(() => TrainingHistory.LoadJson(folder.File("future.json")));
        Assert.ThrowsExactly<FileNotFoundException>(() => TrainingHistory.LoadJson(folder.File("missing.json")));

        StringAssert.StartsWith(other.Message, $"'{folder.File("other.json")}' is not a training history saved by SaveAsJson: ");
        Assert.AreEqual($"'{folder.File("future.json")}' has formatVersion 2, but this version of MLNetDeep reads formatVersion 1.", future.Message);
    }
}
