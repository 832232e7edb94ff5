using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Models;
using MLNetDeep.Onnx;
using MLNetDeep.Tasks;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Tasks;

/// <summary>
/// A test-only task: regression with the absolute error (L1) loss, which follows the median rather than the mean and
/// so shrugs off label outliers. Written as a new task would be, without touching any file under src/: the task
/// class, its options class and a catalog method. It reuses the scaled-score head (and so the regression adapter).
/// </summary>
public sealed record AbsoluteErrorRegressionTask(float LabelOffset = 0f, float LabelScale = 1f) : PredictionTask
{
    public override string Name => "absolute-error regression";

    public override int ClassCount => 0;

    internal override int OutputSize => 1;

    internal override string MetricName => "RSquared";

    internal override (float Offset, float Scale) LabelScaling => (LabelOffset, LabelScale);

    internal override int CheckLabel(ColumnFacts label) => label.IsScalar && label.ItemType == NumberDataViewType.Single
        ? 0
        : throw ColumnRules.SchemaMismatch(nameof(DeepMlpOptionsBase.LabelColumnName), $"Label column '{label.Name}' is of type '{label.TypeDescription}', but must be Single.");

    internal override Func<long, float> CreateLabelReader(DataViewRow row, DataViewSchema.Column label, int classCount) => LabelReaders.FiniteSingle(row, label);

    internal override PredictionTask FitTarget(TargetStatistics statistics) =>
        this with { LabelOffset = (float)statistics.LabelMean, LabelScale = ScaledScoreHead.Scale(statistics) };

    internal override Tensor OutputRowLoss(Tensor output, Tensor labels) => (output.squeeze(1) - labels).abs();

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

/// <summary>The toy task's options: nothing beyond the shared ones.</summary>
public sealed class AbsoluteErrorRegressionOptions : DeepMlpOptionsBase;

/// <summary>The toy task's catalog method.</summary>
public static class AbsoluteErrorRegressionCatalog
{
    public static DeepMlpTrainer<AbsoluteErrorRegressionTask, AbsoluteErrorRegressionOptions> DeepMlpAbsoluteError(
        this RegressionCatalog.RegressionTrainers catalog, AbsoluteErrorRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new AbsoluteErrorRegressionTask(), options);
    }
}
