using System.Diagnostics;
using Google.Protobuf;
using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Trainers;
using Onnx;

namespace MLNetDeep.Tests.Verification;

/// <summary>No model copy is left in the temporary folder by a fit, a dispose, a save or a failed load.</summary>
[TestClass]
public sealed class TemporaryFileTests : TemporaryFolderTest
{
    [TestMethod]
    public void FitDisposeAndSave_LeaveNoModelCopy_AndSavingAfterDisposeWorks()
    {
        var ml = new MLContext(seed: 1) { TempFilePath = Folder };
        IDataView data = SyntheticData.Binary(ml, 60);
        var model = ml.BinaryClassification.Trainers.DeepMlp(new() { HiddenLayerSizes = [4], NumberOfEpochs = 1, SpillDirectory = Folder }).Fit(data);
        Assert.AreEqual(0, Directory.GetFiles(Folder).Length, "after Fit");

        ml.Model.CreatePredictionEngine<SyntheticData.BinaryRow, Score>(model).Dispose();   // disposes the model
        model.Dispose();
        using var saved = new MemoryStream();
        ml.Model.Save(model, data.Schema, saved);
        Assert.AreEqual(0, Directory.GetFiles(Folder).Length, "after Dispose and Save");

        var reloaded = ml.Model.Load(new MemoryStream(saved.ToArray()), out _);
        CollectionAssert.AreEqual(SyntheticData.Scores(model.Transform(data)), SyntheticData.Scores(reloaded.Transform(data)));
        model.ReleaseSession();
        (reloaded as IDisposable)?.Dispose();
        Assert.AreEqual(0, Directory.GetFiles(Folder).Length, "after ReleaseSession");
    }

    [TestMethod]
    public void Fit_DeletesModelCopiesOfProcessesThatNoLongerRun()
    {
        string dead = Path.Combine(Folder, $"mlnetdeep-{DeadProcessId()}-{Guid.NewGuid():N}.onnx.d");
        string live = Path.Combine(Folder, $"mlnetdeep-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx.d");
        foreach (string folder in new[] { dead, live })
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "model.onnx"), "a graph");
        }
        var ml = new MLContext(seed: 1) { TempFilePath = Folder };

        ml.BinaryClassification.Trainers.DeepMlp(new() { HiddenLayerSizes = [4], NumberOfEpochs = 1, SpillDirectory = Folder }).Fit(SyntheticData.Binary(ml, 40));

        Assert.IsFalse(Directory.Exists(dead), "a killed process's folder");
        Assert.IsTrue(Directory.Exists(live), "this process's own folder");
    }

    [TestMethod]
    public void FailedLoad_LeavesNoModelCopy()
    {
        var (_, _, saved) = ZipEdit.SavedBinary(new MLContext(seed: 1));
        ModelProto graph = ModelProto.Parser.ParseFrom(ZipEdit.Entry(saved, ZipEdit.OnnxEntry)[4..]);
        graph.Graph.Initializer.First(t => t.Dims.Count == 2).Dims[0] += 3;   // passes every check, but ONNX Runtime refuses the shapes
        byte[] bytes = graph.ToByteArray();
        byte[] zip = ZipEdit.Rewrite(ZipEdit.WithoutManifest(saved), (name, b) => name == ZipEdit.OnnxEntry ? [.. BitConverter.GetBytes(bytes.Length), .. bytes] : b);
        var ml = new MLContext(seed: 1) { TempFilePath = Folder };

        var e = Assert.ThrowsExactly<InvalidModelException>(() => MLNetDeepScoring.LoadModel(ml, new MemoryStream(zip), out _));

        StringAssert.StartsWith(e.Message, "ML.NET could not load the model (");
        Assert.AreEqual(0, Directory.GetFiles(Folder).Length, string.Join(", ", Directory.GetFiles(Folder)));
        Assert.AreEqual(5, SyntheticData.Scores(MLNetDeepScoring.LoadModel(ml, new MemoryStream(saved), out _).Transform(SyntheticData.Binary(ml, 5))).Length);
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private sealed class Score
    {
        public float Probability { get; set; }
    }
}
