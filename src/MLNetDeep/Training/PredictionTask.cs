using MLNetDeep.Data;
using MLNetDeep.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>What differs between binary, multiclass and regression: output width, loss, metric and head.</summary>
internal abstract class PredictionTask
{
    public abstract PredictionKind Kind { get; }

    /// <summary>Name of the validation metric recorded in the history (higher is better).</summary>
    public abstract string MetricName { get; }

    public abstract int OutputSize(TrainingColumns columns);

    /// <summary>Per-row loss, shape [rows].</summary>
    public abstract Tensor RowLoss(Tensor output, Tensor labels);

    /// <summary>Accumulates what the metric needs from one validation batch.</summary>
    public abstract void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator);

    public abstract NetworkHead Head(TrainingColumns columns, float labelOffset, float labelScale);

    /// <summary>The validation metric named <see cref="MetricName"/>.</summary>
    public double Metric(MetricAccumulator accumulator) => Kind == PredictionKind.Regression ? accumulator.RSquared : accumulator.Accuracy;

    public static PredictionTask For(PredictionKind kind) => kind switch
    {
        PredictionKind.Binary => new BinaryTask(),
        PredictionKind.Multiclass => new MulticlassTask(),
        _ => new RegressionTask(),
    };

    /// <summary>
    /// Per-row loss of a mixup batch whose target is λ·<paramref name="labels"/> + (1 − λ)·<paramref name="mixLabels"/>:
    /// the loss against the mixed target (binary: a soft 0/1 target; regression: the mixed value). Multiclass
    /// overrides it with the mix of the two cross-entropies.
    /// </summary>
    public virtual Tensor MixedRowLoss(Tensor output, Tensor labels, Tensor mixLabels, double lambda)
    {
        using var target = (labels * lambda) + (mixLabels * (1 - lambda));
        return RowLoss(output, target);
    }

    /// <summary>Σ rows·weights / Σ weights (zero when all weights are zero).</summary>
    public static Tensor WeightedMean(Tensor rows, Tensor weights) => (rows * weights).sum() / weights.sum().clamp_min(1e-12);

    private sealed class BinaryTask : PredictionTask
    {
        public override PredictionKind Kind => PredictionKind.Binary;

        public override string MetricName => "Accuracy";

        public override int OutputSize(TrainingColumns columns) => 1;

        public override Tensor RowLoss(Tensor output, Tensor labels) =>
            nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), labels, reduction: nn.Reduction.None);

        public override void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator)
        {
            using var predicted = output.squeeze(1).gt(0).to_type(ScalarType.Float32);
            accumulator.AddCorrect(predicted.eq(labels), weights);
        }

        public override NetworkHead Head(TrainingColumns columns, float labelOffset, float labelScale) => new BinaryHead();
    }

    private sealed class MulticlassTask : PredictionTask
    {
        public override PredictionKind Kind => PredictionKind.Multiclass;

        public override string MetricName => "MicroAccuracy";

        public override int OutputSize(TrainingColumns columns) => columns.ClassCount;

        public override Tensor RowLoss(Tensor output, Tensor labels) =>
            nn.functional.cross_entropy(output, labels.to_type(ScalarType.Int64), reduction: nn.Reduction.None);

        public override Tensor MixedRowLoss(Tensor output, Tensor labels, Tensor mixLabels, double lambda)
        {
            using var first = RowLoss(output, labels);
            using var second = RowLoss(output, mixLabels);
            return (first * lambda) + (second * (1 - lambda));
        }

        public override void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator)
        {
            using var predicted = output.argmax(1).to_type(ScalarType.Float32);
            accumulator.AddCorrect(predicted.eq(labels), weights);
        }

        public override NetworkHead Head(TrainingColumns columns, float labelOffset, float labelScale) => new MulticlassHead(columns.ClassCount);
    }

    private sealed class RegressionTask : PredictionTask
    {
        public override PredictionKind Kind => PredictionKind.Regression;

        public override string MetricName => "RSquared";

        public override int OutputSize(TrainingColumns columns) => 1;

        public override Tensor RowLoss(Tensor output, Tensor labels) => (output.squeeze(1) - labels).square();

        public override void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator) =>
            accumulator.AddRegression(output.squeeze(1), labels, weights);

        public override NetworkHead Head(TrainingColumns columns, float labelOffset, float labelScale) => new RegressionHead(labelOffset, labelScale);
    }
}

/// <summary>Sums over validation batches for accuracy or R² (example-weighted).</summary>
internal sealed class MetricAccumulator
{
    private double _weight, _correct, _sse, _sum, _sumSquares;

    public void AddCorrect(Tensor correct, Tensor weights)
    {
        using var c = correct;
        using var cw = c.to_type(ScalarType.Float32) * weights;
        _correct += cw.sum().item<float>();
        _weight += weights.sum().item<float>();
    }

    public void AddRegression(Tensor predicted, Tensor labels, Tensor weights)
    {
        using var error = (predicted - labels).square() * weights;
        _sse += error.sum().item<float>();
        _sum += (labels * weights).sum().item<float>();
        _sumSquares += (labels.square() * weights).sum().item<float>();
        _weight += weights.sum().item<float>();
    }

    public double Accuracy => _weight > 0 ? _correct / _weight : double.NaN;

    public double RSquared
    {
        get
        {
            if (_weight <= 0)
                return double.NaN;
            double mean = _sum / _weight;
            double sst = _sumSquares - (_weight * mean * mean);
            return sst > 0 ? 1 - (_sse / sst) : double.NaN;
        }
    }
}
