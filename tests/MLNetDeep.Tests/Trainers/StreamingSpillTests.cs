using Microsoft.ML;

namespace MLNetDeep.Tests.Trainers;

/// <summary>Streaming epochs read a spill file written by the first pass, which Fit deletes.</summary>
[TestClass]
public sealed class StreamingSpillTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Streaming(bool spill, string? directory = null) => new()
    {
        HiddenLayerSizes = [16],
        NumberOfEpochs = 4,
        BatchSize = 32,
        Seed = 3,
        DropoutRate = 0.1,
        MaxCacheSizeInMegabytes = 0,
        ShufflePoolSize = 50,
        SpillStreamedRows = spill,
        SpillDirectory = directory,
    };

    [TestMethod]
    public void Fit_StreamingFromSpillFile_MatchesStreamingFromDataView()
    {
        var data = SyntheticData.Binary(_ml, 300);

        var spilled = new DeepMlpBinaryTrainer(Streaming(spill: true)).Fit(data);
        var direct = new DeepMlpBinaryTrainer(Streaming(spill: false)).Fit(data);

        CollectionAssert.AreEqual(SyntheticData.Scores(direct.Transform(data)), SyntheticData.Scores(spilled.Transform(data)));
        StringAssert.StartsWith(spilled.History.Notes[0], "Training data streamed from a temporary spill file (300 rows");
        StringAssert.StartsWith(direct.History.Notes[0], "Training data streamed from the data view (300 rows");
    }

    [TestMethod]
    public void Fit_WithSpillDirectory_WritesOneFileWhileTrainingAndDeletesIt()
    {
        string directory = Directory.CreateTempSubdirectory("mlnetdeep-spill-test").FullName;
        try
        {
            var options = Streaming(spill: true, directory);
            var probe = new FileCounter(directory);
            options.Callbacks.Add(probe);

            new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, 200));

            Assert.AreEqual(1, probe.FilesDuringTraining);
            Assert.AreEqual(0, Directory.GetFiles(directory).Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void Create_WithMissingSpillDirectory_NamesTheOption()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(Streaming(spill: true, "/no/such/folder")));

        StringAssert.Contains(error.Message, "SpillDirectory is '/no/such/folder', but must be null or an existing folder.");
    }

    private sealed class FileCounter(string directory) : TrainingCallback
    {
        public int FilesDuringTraining { get; private set; }

        public override void OnEpochEnd(TrainingContext context, EpochRecord record) =>
            FilesDuringTraining = Directory.GetFiles(directory).Length;
    }
}
