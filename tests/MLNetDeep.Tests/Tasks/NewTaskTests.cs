using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Tasks;

/// <summary>A task added as the architecture promises (one task class, its options, a catalog method) trains, scores and saves.</summary>
[TestClass]
public sealed class NewTaskTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static IDataView WithOutliers(MLContext ml, out List<SyntheticData.RegressionRow> rows)
    {
        // Label = 3·x0 − 2·x1 + 10, and every tenth row's label is 40 higher: the mean follows the outliers, the median does not.
        rows = SyntheticData.Features(300, seed: 3)
            .Select((x, i) => new SyntheticData.RegressionRow { Features = x, Label = (3 * x[0]) - (2 * x[1]) + 10 + (i % 10 == 0 ? 40 : 0) })
            .ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static T Small<T>(T options)
        where T : DeepMlpOptionsBase
    {
        options.HiddenLayerSizes = [16];
        options.DropoutRate = 0;
        options.NumberOfEpochs = 30;
        options.BatchSize = 32;
        options.LearningRate = 0.01;
        options.Seed = 2;
        return options;
    }

    [TestMethod]
    public void ToyTask_TrainsScoresAndSavesThroughTheGenericTrainer()
    {
        IDataView data = WithOutliers(_ml, out var rows);

        using var model = _ml.Regression.Trainers.DeepMlpAbsoluteError(Small(new AbsoluteErrorRegressionOptions())).Fit(data);
        using var squared = _ml.Regression.Trainers.DeepMlp(Small(new DeepMlpRegressionTrainer.Options())).Fit(data);

        Assert.IsInstanceOfType<AbsoluteErrorRegressionTask>(model.Task);
        Assert.IsTrue(model.Task.LabelScale > 1, "the task was fitted to the labels");
        float[] scores = SyntheticData.Scores(model.Transform(data));
        float[] squaredScores = SyntheticData.Scores(squared.Transform(data));
        // On the clean rows the absolute-error model stays near the true rule; the squared-error one is pulled up by the outliers.
        double Error(float[] s) => rows.Select((r, i) => (r, i)).Where(p => p.i % 10 != 0).Average(p => Math.Abs(s[p.i] - p.r.Label));
        Assert.IsTrue(Error(scores) < 0.6 * Error(squaredScores), $"absolute-error model {Error(scores)}, squared-error model {Error(squaredScores)}");

        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        CollectionAssert.AreEqual(scores, SyntheticData.Scores(_ml.Model.Load(stream, out _).Transform(data)));
        Assert.AreEqual(_ml.Regression.Evaluate(model.Transform(data)).MeanAbsoluteError, rows.Select((r, i) => Math.Abs(scores[i] - r.Label)).Average(), 1e-4);
    }

    [TestMethod]
    public void ToyTask_PromisesItsOutputColumnsAndChecksItsLabel()
    {
        var trainer = _ml.Regression.Trainers.DeepMlpAbsoluteError(Small(new AbsoluteErrorRegressionOptions()));

        var shape = trainer.GetOutputSchema(EstimatorConformance.ShapeOf<SyntheticData.RegressionRow>(_ml));
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(SyntheticData.Binary(_ml, 10)));

        Assert.IsTrue(shape.Any(c => c.Name == "Score"));
        StringAssert.StartsWith(error.Message, "Label column 'Label' is of type 'Boolean', but must be Single.");
        Assert.AreEqual("LabelColumnName", error.ParamName);
    }
}
