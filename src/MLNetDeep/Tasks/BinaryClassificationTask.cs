using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Models;
using MLNetDeep.Native;
using MLNetDeep.Onnx;
using MLNetDeep.Scoring;
using MLNetDeep.Tasks;
using MLNetDeep.Training;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep;

/// <summary>
/// Binary classification: a Boolean label, one logit trained with binary cross-entropy, validation metric Accuracy.
/// Outputs <c>Score</c> (the logit), <c>Probability</c> and <c>PredictedLabel</c> (Boolean), like ML.NET's binary
/// trainers. An ensemble averages the members' probabilities; its Score is the logit of that mean.
/// </summary>
public sealed record BinaryClassificationTask : PredictionTask
{
    /// <inheritdoc/>
    public override string Name => "binary classification";

    /// <inheritdoc/>
    public override int ClassCount => 2;

    internal override int OutputSize => 1;

    internal override string MetricName => "Accuracy";

    internal override int CheckLabel(ColumnFacts label)
    {
        if (!label.IsScalar || label.ItemType != BooleanDataViewType.Instance)
            throw ColumnRules.SchemaMismatch(nameof(DeepMlpOptionsBase.LabelColumnName), $"Label column '{label.Name}' is of type '{label.TypeDescription}', but must be Boolean. "
                + "Map other labels to true/false first, e.g. with mlContext.Transforms.CustomMapping or by loading the column as Boolean.");
        return 2;
    }

    internal override Func<long, float> CreateLabelReader(DataViewRow row, DataViewSchema.Column label, int classCount) => LabelReaders.Boolean(row, label);

    internal override PredictionTask FitTarget(TargetStatistics statistics) => this;

    internal override Tensor OutputRowLoss(Tensor output, Tensor labels) =>
        nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), labels, reduction: nn.Reduction.None);

    /// <summary>max(z, 0) − z·y + log(1 + e^−|z|), as libtorch's binary cross-entropy on logits; its derivative is σ(z) − y.</summary>
    internal override double? ManagedRowLoss(ReadOnlySpan<float> logits, float label, double factor, Span<float> gradient)
    {
        double z = logits[0];
        gradient[0] = (float)(factor * ((1 / (1 + Math.Exp(-z))) - label));
        return Math.Max(z, 0) - (z * label) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
    }

    /// <summary>log p̄ − log(1 − p̄) for p̄ the mean σ(zᵢ), as logsumexp(log σ(zᵢ)) − logsumexp(log σ(−zᵢ)) (the log k terms cancel).</summary>
    internal override Tensor CombineMembers(Tensor memberOutputs)
    {
        if (memberOutputs.shape[1] == 1)
            return memberOutputs.squeeze(1);
        using var scope = NewDisposeScope();
        var logPositive = nn.functional.softplus(memberOutputs.neg()).neg().logsumexp(1);
        var logNegative = nn.functional.softplus(memberOutputs).neg().logsumexp(1);
        return (logPositive - logNegative).MoveToOuterDisposeScope();
    }

    internal override void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator)
    {
        using var predicted = output.squeeze(1).GreaterThan(0).to_type(ScalarType.Float32);
        accumulator.AddCorrect(predicted.eq(labels), weights);
    }

    internal override double Metric(MetricAccumulator accumulator) => accumulator.Accuracy;

    internal override Tensor? PredictedClasses(Tensor output) => output.squeeze(1).GreaterThan(0).to_type(ScalarType.Int64);

    internal override IReadOnlyList<string> OnnxOutputs(OnnxHeadLayout layout) => layout == OnnxHeadLayout.Standalone
        ? ["score", "probability"]
        : [ScoringColumnNames.BinaryLogit, ScoringColumnNames.BinaryProbability];

    internal override void WriteOnnxHead(OnnxGraphBuilder g, IReadOnlyList<string> memberOutputs, OnnxHeadLayout layout)
    {
        IReadOnlyList<string> names = OnnxOutputs(layout);
        string score = names[0], probability = names[1];
        if (memberOutputs.Count == 1)
        {
            g.NodeTo("Identity", [memberOutputs[0]], score);
            ClipProbability(g, g.Node("Sigmoid", [memberOutputs[0]]), probability);
        }
        else
        {
            // Probability = mean σ(zᵢ). Score = log p − log(1 − p), computed without cancellation as
            // logsumexp(log σ(zᵢ)) − logsumexp(log σ(−zᵢ)) (the log N terms cancel), with log σ(z) = −softplus(−z).
            ClipProbability(g, g.Node("Mean", [.. memberOutputs.Select(z => g.Node("Sigmoid", [z]))]), probability);
            string logPositive = g.LogSumExp([.. memberOutputs.Select(z => g.Node("Neg", [g.Node("Softplus", [g.Node("Neg", [z])])]))]);
            string logNegative = g.LogSumExp([.. memberOutputs.Select(z => g.Node("Neg", [g.Node("Softplus", [z])]))]);
            g.NodeTo("Sub", [logPositive, logNegative], score);
        }

        g.Graph.Output.Add(BatchTensor(score, DataType.Float, 1));
        g.Graph.Output.Add(BatchTensor(probability, DataType.Float, 1));
    }

    /// <summary>
    /// Keeps the probability within [2⁻²⁴, 1 − 2⁻²⁴]. A float32 sigmoid rounds to exactly 1 above a logit of about 17 (and
    /// to 0 below about −88), which a finite logit never means; ML.NET's binary log-loss is then infinite for a single
    /// confident mistake. The upper bound is the float32 value just below 1, so only probabilities that rounded to 1
    /// change there; the lower bound mirrors it (logits below about −16.6 now score 2⁻²⁴).
    /// </summary>
    private static void ClipProbability(OnnxGraphBuilder g, string probability, string output) =>
        g.NodeTo("Clip", [probability, g.Scalar("probability_floor", ProbabilityBound), g.Scalar("probability_ceiling", 1f - ProbabilityBound)], output);

    /// <summary>The smallest distance of a scored probability from 0 and 1: 2⁻²⁴.</summary>
    internal const float ProbabilityBound = 1f / (1 << 24);

    internal override SchemaShape AppendOutputColumns(MLContext mlContext, SchemaShape input, SchemaShape.Column label) =>
        OutputColumnProbe.Append<BinaryHeadOutput>(mlContext, input);

    internal override EstimatorChain<ITransformer> AppendScoringAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, ScoringChainInputs inputs) => chain
        .Append<ITransformer>(mlContext.Transforms.CustomMapping(new BinaryHeadMapping().GetMapping(), BinaryHeadMapping.ContractName))
        .Append<ITransformer>(mlContext.Transforms.DropColumns([.. OnnxOutputs(OnnxHeadLayout.ScoringChain)]));
}
