using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Models;
using MLNetDeep.Native;
using MLNetDeep.Onnx;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep;

/// <summary>
/// The machine-learning task a DeepMlp network is trained for, and everything that differs between tasks: the label
/// types it accepts and how it reads them, its loss and validation metric, its output size, the ONNX head that turns
/// the network's outputs into predictions, the output columns and the MLNetDeep.Scoring adapters a saved model uses.
/// Nothing else in MLNetDeep decides by task. A trainer holds the task as it is before training; the fitted model holds
/// it with what training learned about the label (the class count, the regression label's scaling).
/// </summary>
/// <remarks>
/// The tasks are <see cref="BinaryClassificationTask"/>, <see cref="MulticlassClassificationTask"/> and
/// <see cref="RegressionTask"/>. Adding one means one subclass, its options class, at most one adapter in
/// MLNetDeep.Scoring and a catalog method.
/// </remarks>
public abstract record PredictionTask
{
    /// <summary>The task's name in messages, for example "binary classification".</summary>
    public abstract string Name { get; }

    /// <summary>The number of classes: 2 for binary classification, the label's key count for multiclass (0 before training), 0 for regression.</summary>
    public abstract int ClassCount { get; }

    /// <summary>The network's output width.</summary>
    internal abstract int OutputSize { get; }

    /// <summary>The validation metric recorded in the history (higher is better).</summary>
    internal abstract string MetricName { get; }

    /// <summary>How training rows' labels are scaled before the network sees them (x − offset) / scale; identity unless overridden.</summary>
    internal virtual (float Offset, float Scale) LabelScaling => (0f, 1f);

    /// <summary>Checks the label column's type; returns the class count (0 for regression, or when a schema shape does not know it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The label type is not accepted (a schema mismatch, as ML.NET's trainers report it); the message says what to do.</exception>
    internal abstract int CheckLabel(ColumnFacts label);

    /// <summary>Reads the label of the cursor's current row as the float the loss expects; the argument is the row index for messages.</summary>
    internal abstract Func<long, float> CreateLabelReader(DataViewRow row, DataViewSchema.Column label, int classCount);

    /// <summary>This task with what the training rows' labels showed (the class count, the label's mean and standard deviation).</summary>
    internal abstract PredictionTask FitTarget(TargetStatistics statistics);

    /// <summary>
    /// Per-row loss, shape [rows]. An <paramref name="output"/> of [rows, members, outputs] (a TabM network in training
    /// mode) scores every member against the row's label and averages the members' losses.
    /// </summary>
    internal Tensor RowLoss(Tensor output, Tensor labels)
    {
        if (output.dim() != 3)
            return OutputRowLoss(output, labels);
        long rows = output.shape[0], members = output.shape[1];
        using var scope = NewDisposeScope();
        var perMember = OutputRowLoss(output.reshape(rows * members, output.shape[2]), labels.unsqueeze(1).expand(rows, members).reshape(rows * members));
        return perMember.reshape(rows, members).mean([1]).MoveToOuterDisposeScope();
    }

    /// <summary>Per-row loss of [rows, outputs] network outputs, shape [rows].</summary>
    internal abstract Tensor OutputRowLoss(Tensor output, Tensor labels);

    /// <summary>
    /// One row's <see cref="OutputRowLoss"/> in managed code, for the hand-written training pass: returns the loss of
    /// <paramref name="logits"/> (the row's outputs) against <paramref name="label"/> and writes its derivative with respect
    /// to each logit, times <paramref name="factor"/>, into <paramref name="gradient"/>. Null (the default) when the task has
    /// none, and the pass runs the objective through autograd instead.
    /// </summary>
    internal virtual double? ManagedRowLoss(ReadOnlySpan<float> logits, float label, double factor, Span<float> gradient) => null;

    /// <summary>
    /// The members' outputs [rows, members, outputs] combined into one output [rows, outputs] whose prediction is the
    /// average of the members' (binary: the logit of the mean probability; multiclass: logits whose softmax is the mean
    /// probability vector; regression: the mean value); with one member, that member's output.
    /// </summary>
    internal abstract Tensor CombineMembers(Tensor memberOutputs);

    /// <summary>
    /// Per-row loss of a mixup batch whose target is λ·<paramref name="labels"/> + (1 − λ)·<paramref name="mixLabels"/>:
    /// by default the loss against the mixed target (binary: a soft 0/1 target; regression: the mixed value).
    /// </summary>
    internal virtual Tensor MixedRowLoss(Tensor output, Tensor labels, Tensor mixLabels, double lambda)
    {
        using var target = labels.Times(lambda) + mixLabels.Times(1 - lambda);
        return RowLoss(output, target);
    }

    /// <summary>Accumulates what the metric needs from one validation batch.</summary>
    internal abstract void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator);

    /// <summary>The predicted class index of each row as int64, shape [rows]; null for a task without classes.</summary>
    internal virtual Tensor? PredictedClasses(Tensor output) => null;

    /// <summary>The validation metric named <see cref="MetricName"/>.</summary>
    internal abstract double Metric(MetricAccumulator accumulator);

    /// <summary>The names of the ONNX graph's outputs in <paramref name="layout"/>, in the order the graph declares them.</summary>
    internal abstract IReadOnlyList<string> OnnxOutputs(OnnxHeadLayout layout);

    /// <summary>
    /// Writes the head after the members' last values <paramref name="memberOutputs"/> (one per ensemble member, each
    /// [batch, <see cref="OutputSize"/>]): the nodes and graph outputs named by <see cref="OnnxOutputs"/>. Several
    /// members are averaged.
    /// </summary>
    internal abstract void WriteOnnxHead(OnnxGraphBuilder g, IReadOnlyList<string> memberOutputs, OnnxHeadLayout layout);

    /// <summary>The estimator's output shape: <paramref name="input"/> with the prediction columns appended.</summary>
    internal abstract SchemaShape AppendOutputColumns(MLContext mlContext, SchemaShape input, SchemaShape.Column label);

    /// <summary>
    /// Appends to <paramref name="chain"/> (which starts with the ONNX transform of <see cref="OnnxHeadLayout.ScoringChain"/>
    /// outputs) the stateless adapters that turn the ONNX outputs into ML.NET's prediction columns, and drops every
    /// intermediate column. Decisions made on the user's behalf go to <see cref="ScoringChainInputs.History"/> as notes.
    /// </summary>
    internal abstract EstimatorChain<ITransformer> AppendScoringAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, ScoringChainInputs inputs);

    /// <summary>Σ rows·weights / Σ weights (zero when all weights are zero).</summary>
    internal static Tensor WeightedMean(Tensor rows, Tensor weights) => (rows * weights).sum() / weights.sum().ClampMinInPlace(1e-12);
}

/// <summary>What the training rows showed about the label.</summary>
/// <param name="ClassCount">The class count from the label column's type (0 for regression).</param>
/// <param name="LabelMean">Mean of the label values.</param>
/// <param name="LabelStandardDeviation">Sample standard deviation of the label values.</param>
internal sealed record TargetStatistics(int ClassCount, double LabelMean, double LabelStandardDeviation);

/// <summary>Which ONNX outputs a graph gets: plain names for ONNX Runtime users, or the names the MLNetDeep.Scoring adapters read.</summary>
internal enum OnnxHeadLayout
{
    /// <summary>A standalone file (<see cref="DeepMlpTransformer.SaveAsOnnx(Stream)"/>): outputs with a batch dimension.</summary>
    Standalone,

    /// <summary>Inside a saved ML.NET model: OnnxTransformer runs one row per call, and the adapters read the outputs.</summary>
    ScoringChain,
}
