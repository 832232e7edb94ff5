using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Evaluation.Ensembles;
using MLNetDeep.Scoring;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNetDeep.Tests.Evaluation.Ensembles;

/// <summary>CrossValidateEnsemble at the edges: saturated probabilities over ten folds, and estimators that drop columns.</summary>
[TestClass]
public sealed class CrossValidationEnsembleEdgeTests
{
    private sealed class Row
    {
        [VectorType(1)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private static List<Row> Separable(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Row { Features = [(i % 2 == 0 ? 1 : -1) * (100_000f + i)], Label = i % 2 == 0 })];

    [TestMethod]
    public void TenFoldsOfCertainProbabilities_GiveProbabilityWithinTheBound_AndAFiniteScore()
    {
        // A float sigmoid gives exactly 1 (or 0) beyond a logit of about 17; ten folds' 0.1 · 1 sums to 1.0000001 in float.
        // The ensemble keeps DeepMlp's probability bound: within 2⁻²⁴ of 0 and 1.
        using var session = new InferenceSession(new FoldAveraging.Binary().Graph(10, "folds"));
        float[] probability = new float[3], score = new float[3];
        float[] certain = [1f, 0f, 0.7f];
        for (int row = 0; row < 3; row++)
        {
            var input = new DenseTensor<float>(Enumerable.Repeat(certain[row], 10).ToArray(), [10]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("folds", input)]);
            probability[row] = results.Single(r => r.Name == ScoringColumnNames.BinaryProbability).AsTensor<float>().Single();
            score[row] = results.Single(r => r.Name == ScoringColumnNames.BinaryLogit).AsTensor<float>().Single();
        }

        Assert.AreEqual(1f - BinaryClassificationTask.ProbabilityBound, probability[0]);
        Assert.AreEqual(BinaryClassificationTask.ProbabilityBound, probability[1]);
        Assert.AreEqual(0.7f, probability[2], 1e-6);
        Assert.IsTrue(score.All(float.IsFinite) && score[0] > 16 && score[1] < -16, string.Join(", ", score));
        Assert.AreEqual(Math.Log(0.7 / 0.3), score[2], 1e-5);
    }

    [TestMethod]
    public void AnEstimatorThatDropsColumns_IsRefused_NamingTheFold()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Separable(40));
        var estimator = ml.Transforms.SelectColumns("Features", "Label").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());

        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.CrossValidateEnsemble(data, estimator, numberOfFolds: 2, seed: 3));

        StringAssert.Contains(error.Message, "The model of fold 0 removes columns it does not read");
        StringAssert.Contains(error.Message, "SelectColumns or DropColumns");
    }
}
