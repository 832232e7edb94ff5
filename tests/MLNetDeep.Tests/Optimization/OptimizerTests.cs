using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Optimization;

[TestClass]
public sealed class OptimizerTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Fit_WithSgd_FollowsTheMomentumUpdateWithCoupledL2(bool nesterov)
    {
        const double lr = 0.05, momentum = 0.9, l2 = 0.01;
        var recorder = new UpdateRecorder();
        var options = OptimizationTestKit.Small(epochs: 1);
        options.Optimizer = OptimizerAlgorithm.Sgd;
        options.LearningRate = lr;
        options.Momentum = momentum;
        options.Nesterov = nesterov;
        options.L2Regularization = l2;
        options.Callbacks.Add(recorder);

        OptimizationTestKit.Fit(_ml, options, rows: 40);

        // v ← μ·v + (g + λ·w); w ← w − lr·v, or w − lr·(g + λ·w + μ·v) with Nesterov.
        var velocity = new double[recorder.Before[0].Length];
        for (int step = 0; step < 4; step++)
        {
            var w = recorder.Before[step];
            var g = recorder.Gradients[step];
            var expected = new float[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                double d = g[i] + (l2 * w[i]);
                velocity[i] = step == 0 ? d : (momentum * velocity[i]) + d;
                expected[i] = (float)(w[i] - (lr * (nesterov ? d + (momentum * velocity[i]) : velocity[i])));
            }
            OptimizationTestKit.AssertClose(expected, recorder.After[step], 1e-6, $"weights after step {step + 1}");
        }
    }

    [TestMethod]
    public void Fit_WithAdamWWeightDecay_ShrinksWeightsByLearningRateTimesDecay()
    {
        const double lr = 0.01, decay = 0.5;
        UpdateRecorder Run(double weightDecay)
        {
            var recorder = new UpdateRecorder();
            var options = OptimizationTestKit.Small(epochs: 1, batchSize: 40);
            options.Optimizer = OptimizerAlgorithm.AdamW;
            options.LearningRate = lr;
            options.WeightDecay = weightDecay;
            options.Callbacks.Add(recorder);
            OptimizationTestKit.Fit(_ml, options, rows: 40);
            return recorder;
        }

        var decayed = Run(decay);
        var plain = Run(0);

        // Decoupled: w₁ = w₀·(1 − lr·λ) − lr·adam(g), so the two runs differ by exactly −lr·λ·w₀ after one step.
        var w0 = plain.Before[0];
        CollectionAssert.AreEqual(w0, decayed.Before[0]);
        var expected = plain.After[0].Select((w, i) => (float)(w - (lr * decay * w0[i]))).ToArray();
        OptimizationTestKit.AssertClose(expected, decayed.After[0], 1e-6, "AdamW weights");
    }

    [TestMethod]
    [DataRow(OptimizerAlgorithm.Adam, 0.01)]
    [DataRow(OptimizerAlgorithm.AdamW, 0.01)]
    [DataRow(OptimizerAlgorithm.Sgd, 0.1)]
    [DataRow(OptimizerAlgorithm.RMSprop, 0.005)]
    public void Fit_WithEachOptimizer_LearnsTheRule(OptimizerAlgorithm optimizer, double learningRate)
    {
        var data = SyntheticData.Binary(_ml, 300);
        var options = OptimizationTestKit.Small(epochs: 8, batchSize: 32);
        options.HiddenLayerSizes = [16];
        options.Optimizer = optimizer;
        options.LearningRate = learningRate;

        var model = new DeepMlpBinaryTrainer(options).Fit(data);

        double accuracy = _ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy;
        Assert.IsTrue(accuracy > 0.9, $"{optimizer}: accuracy {accuracy}");
        Assert.IsTrue(model.History.Epochs[^1].TrainingLoss < model.History.Epochs[0].TrainingLoss);
    }
}
