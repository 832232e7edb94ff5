using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Architectures;

[TestClass]
public sealed class ArchitectureDeterminismTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(Normalization.BatchNorm, WeightInitialization.HeNormal)]
    [DataRow(Normalization.LayerNorm, WeightInitialization.TorchDefault)]
    public void Fit_ConcurrentSeededFitsWithArchitectureOptions_MatchSequentialFits(Normalization normalization, WeightInitialization initialization)
    {
        var data = SyntheticData.Binary(_ml, 200);
        float[] FitAndScore(int seed) => SyntheticData.Scores(new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [16, 16, 16],
            Normalization = normalization,
            Architecture = Architecture.ResNet,
            WeightInitialization = initialization,
            DropoutRates = [0.3, 0.2, 0.1],
            NumberOfEpochs = 3,
            BatchSize = 32,
            Seed = seed,
        }).Fit(data).Transform(data));

        var sequential = new[] { FitAndScore(11), FitAndScore(12) };
        var concurrent = new float[2][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i % 2] = FitAndScore(11 + (i % 2)));

        CollectionAssert.AreEqual(sequential[0], concurrent[0]);
        CollectionAssert.AreEqual(sequential[1], concurrent[1]);
        CollectionAssert.AreNotEqual(sequential[0], sequential[1]);
    }
}
