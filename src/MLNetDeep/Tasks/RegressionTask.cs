using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Models;
using MLNetDeep.Onnx;
using MLNetDeep.Tasks;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep;

/// <summary>
/// Regression: a Single label, standardized for training (the network learns (label − <see cref="LabelOffset"/>) /
/// <see cref="LabelScale"/>) and scored back in label units; squared-error loss, validation metric R². Outputs
/// <c>Score</c>, like ML.NET's regression trainers. An ensemble averages the members' scores.
/// </summary>
/// <param name="LabelOffset">The training labels' mean (0 before training).</param>
/// <param name="LabelScale">The training labels' standard deviation, or 1 when it is 0 (1 before training).</param>
public sealed record RegressionTask(float LabelOffset = 0f, float LabelScale = 1f) : PredictionTask
{
    /// <inheritdoc/>
    public override string Name => "regression";

    /// <inheritdoc/>
    public override int ClassCount => 0;

    internal override int OutputSize => 1;

    internal override string MetricName => "RSquared";

    internal override (float Offset, float Scale) LabelScaling => (LabelOffset, LabelScale);

    internal override int CheckLabel(ColumnFacts label)
    {
        if (!label.IsScalar || label.ItemType != NumberDataViewType.Single)
            throw ColumnRules.SchemaMismatch(nameof(DeepMlpOptionsBase.LabelColumnName), $"Label column '{label.Name}' is of type '{label.TypeDescription}', but must be Single. "
                + "Convert it with mlContext.Transforms.Conversion.ConvertType(..., outputKind: DataKind.Single).");
        return 0;
    }

    internal override Func<long, float> CreateLabelReader(DataViewRow row, DataViewSchema.Column label, int classCount) => LabelReaders.FiniteSingle(row, label);

    internal override PredictionTask FitTarget(TargetStatistics statistics) => this with
    {
        LabelOffset = (float)statistics.LabelMean,
        LabelScale = ScaledScoreHead.Scale(statistics),
    };

    internal override Tensor OutputRowLoss(Tensor output, Tensor labels) => (output.squeeze(1) - labels).square();

    internal override double? ManagedRowLoss(ReadOnlySpan<float> logits, float label, double factor, Span<float> gradient)
    {
        double error = logits[0] - (double)label;
        gradient[0] = (float)(factor * 2 * error);
        return error * error;
    }

    /// <summary>The members' mean value.</summary>
    internal override Tensor CombineMembers(Tensor memberOutputs) => memberOutputs.mean([1]);

    internal override void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator) =>
        accumulator.AddRegression(output.squeeze(1), labels, weights);

    internal override double Metric(MetricAccumulator accumulator) => accumulator.RSquared;

    internal override IReadOnlyList<string> OnnxOutputs(OnnxHeadLayout layout) => ScaledScoreHead.OnnxOutputs(layout);

    internal override void WriteOnnxHead(OnnxGraphBuilder g, IReadOnlyList<string> memberOutputs, OnnxHeadLayout layout) =>
        ScaledScoreHead.Write(g, memberOutputs, layout, LabelOffset, LabelScale);

    internal override SchemaShape AppendOutputColumns(MLContext mlContext, SchemaShape input, SchemaShape.Column label) =>
        ScaledScoreHead.AppendOutputColumns(mlContext, input);

    internal override EstimatorChain<ITransformer> AppendScoringAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, ScoringChainInputs inputs) =>
        ScaledScoreHead.AppendAdapters(mlContext, chain);
}
