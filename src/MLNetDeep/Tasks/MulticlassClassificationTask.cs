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
/// Multiclass classification: a key-typed label (from <c>MapValueToKey</c>) with at least two classes, one logit per
/// class trained with cross-entropy, validation metric MicroAccuracy. Outputs <c>Score</c> (the class probabilities in
/// key order, with a <c>SlotNames</c> annotation naming each slot after its class) and <c>PredictedLabel</c> (a key of
/// the label's key type, with its class names), like ML.NET's multiclass trainers. An ensemble averages the members'
/// probabilities.
/// </summary>
/// <remarks>
/// <para>
/// <c>scored.Schema["Score"].GetSlotNames(ref names)</c> gives the class names in process and after
/// <c>mlContext.Model.Save</c> and <c>Load</c>. ML.NET's public API can only carry slot names through a saved model as
/// column names (<c>Concatenate</c> names each scalar input's slot after its column), so the scoring chain names a
/// column after each class for a moment. The class names are therefore used only when every one is a usable, distinct
/// column name (not empty or white space, no control characters or lone surrogates) that no column of the training
/// data, no output column (<c>Score</c>, <c>PredictedLabel</c>) and no MLNetDeep intermediate column
/// (<c>MLNetDeep.v1.…</c>) has. Otherwise, and when the label has no class names (KeyValues), the slots are named
/// <c>Class0</c>, <c>Class1</c>, … (<c>Class0_2</c>, … with the first free suffix if one of those is taken too), and
/// <see cref="TrainingHistory.Notes"/> says why.
/// </para>
/// <para>
/// Limitation: when data scored later has a column named like a slot (a column the training data did not have), that
/// column is missing from the output, because the scoring chain's <c>DropColumns</c> removes every column of that
/// name. Rename such a column before scoring. Models saved by MLNetDeep 0.1.0 load as they were saved, without slot
/// names; models saved now need an MLNetDeep.Scoring package of this version or later, which holds their
/// <see cref="ProbabilityBlockMapping"/> adapter.
/// </para>
/// <para>
/// Cost: the chain takes the probabilities 16 classes at a time, each block copying the rest of the vector, so the
/// per-row work of the names grows with the square of the class count: about 1 µs per row for 10 classes, 5 to 9 µs
/// for 100 (measured against ~15 µs for the network); with thousands of classes it dominates scoring.
/// </para>
/// </remarks>
/// <param name="ClassCount">The label's key count (0 before training).</param>
public sealed record MulticlassClassificationTask(int ClassCount = 0) : PredictionTask
{
    /// <inheritdoc/>
    public override string Name => "multiclass";

    /// <inheritdoc/>
    public override int ClassCount { get; } = ClassCount;

    internal override int OutputSize => ClassCount;

    internal override string MetricName => "MicroAccuracy";

    internal override int CheckLabel(ColumnFacts label)
    {
        if (!label.IsScalar || !label.IsKey)
            throw ColumnRules.SchemaMismatch(nameof(DeepMlpOptionsBase.LabelColumnName), $"Label column '{label.Name}' is of type '{label.TypeDescription}', but must be a key type. "
                + "Convert it with mlContext.Transforms.Conversion.MapValueToKey.");
        if (label.ItemType.RawType != typeof(uint))
            throw ColumnRules.SchemaMismatch(nameof(DeepMlpOptionsBase.LabelColumnName), $"Label column '{label.Name}' is a key of {label.ItemType.RawType.Name}; "
                + "only UInt32 keys (as made by MapValueToKey) are supported. Convert it with mlContext.Transforms.Conversion.MapValueToKey.");
        if (label.Key is not { } key)
            return 0;
        if (key.Count < 2)
            throw ColumnRules.SchemaMismatch(nameof(DeepMlpOptionsBase.LabelColumnName), $"Label column '{label.Name}' has {key.Count} class(es), but multiclass classification needs at least 2.");
        if (key.Count > int.MaxValue)
            throw ColumnRules.SchemaMismatch(nameof(DeepMlpOptionsBase.LabelColumnName), $"Label column '{label.Name}' has {key.Count} classes, more than DeepMlp supports ({int.MaxValue}).");
        return (int)key.Count;
    }

    internal override Func<long, float> CreateLabelReader(DataViewRow row, DataViewSchema.Column label, int classCount) =>
        LabelReaders.ClassIndex(row, label, classCount);

    internal override PredictionTask FitTarget(TargetStatistics statistics) => new MulticlassClassificationTask(statistics.ClassCount);

    internal override Tensor OutputRowLoss(Tensor output, Tensor labels) =>
        nn.functional.cross_entropy(output, labels.to_type(ScalarType.Int64), reduction: nn.Reduction.None);

    /// <summary>log Σ e^z − z_y, as libtorch's cross-entropy; its derivative is softmax(z) − one-hot(y).</summary>
    internal override double? ManagedRowLoss(ReadOnlySpan<float> logits, float label, double factor, Span<float> gradient)
    {
        int y = label >= 0 && label < logits.Length && label == MathF.Floor(label) ? (int)label
            : throw new InvalidOperationException($"Label {label} is not a class index below {logits.Length}.");
        double max = double.NegativeInfinity, sum = 0;
        foreach (float z in logits)
            max = Math.Max(max, z);
        for (int k = 0; k < logits.Length; k++)
        {
            double e = Math.Exp(logits[k] - max);
            gradient[k] = (float)e;
            sum += e;
        }
        for (int k = 0; k < logits.Length; k++)
            gradient[k] = (float)(factor * ((gradient[k] / sum) - (k == y ? 1 : 0)));
        return max + Math.Log(sum) - logits[y];
    }

    /// <summary>log of the mean softmax probabilities: logsumexp over members of log softmax(zᵢ), minus log k.</summary>
    internal override Tensor CombineMembers(Tensor memberOutputs)
    {
        if (memberOutputs.shape[1] == 1)
            return memberOutputs.squeeze(1);
        using var scope = NewDisposeScope();
        var logMean = nn.functional.log_softmax(memberOutputs, 2).logsumexp(1).Minus(Math.Log(memberOutputs.shape[1]));
        return logMean.MoveToOuterDisposeScope();
    }

    /// <summary>The mix of the two cross-entropies (a class index cannot be mixed).</summary>
    internal override Tensor MixedRowLoss(Tensor output, Tensor labels, Tensor mixLabels, double lambda)
    {
        using var first = RowLoss(output, labels);
        using var second = RowLoss(output, mixLabels);
        return first.Times(lambda) + second.Times(1 - lambda);
    }

    internal override void Observe(Tensor output, Tensor labels, Tensor weights, MetricAccumulator accumulator)
    {
        using var predicted = output.argmax(1).to_type(ScalarType.Float32);
        accumulator.AddCorrect(predicted.eq(labels), weights);
    }

    internal override double Metric(MetricAccumulator accumulator) => accumulator.Accuracy;

    internal override Tensor? PredictedClasses(Tensor output) => output.argmax(1);

    internal override IReadOnlyList<string> OnnxOutputs(OnnxHeadLayout layout) => layout == OnnxHeadLayout.Standalone
        ? ["probability", "predicted_class"]
        : [ScoringColumnNames.MulticlassProbabilities, ScoringColumnNames.MulticlassClassIndex];

    /// <remarks>
    /// In <see cref="OnnxHeadLayout.ScoringChain"/> the probabilities are flattened to [K]: OnnxTransformer runs one row
    /// per call and would turn [batch, K] into a <c>Vector&lt;Single, 1, K&gt;</c>, while ML.NET's multiclass
    /// <c>Score</c> is <c>Vector&lt;Single, K&gt;</c>.
    /// </remarks>
    internal override void WriteOnnxHead(OnnxGraphBuilder g, IReadOnlyList<string> memberOutputs, OnnxHeadLayout layout)
    {
        IReadOnlyList<string> names = OnnxOutputs(layout);
        string probabilityName = names[0], classIndex = names[1];
        bool flatten = layout == OnnxHeadLayout.ScoringChain;
        string probabilities;
        if (memberOutputs.Count == 1)
        {
            g.NodeTo("ArgMax", [memberOutputs[0]], classIndex, IntAttribute("axis", 1), IntAttribute("keepdims", 1));
            probabilities = flatten
                ? g.Node("Softmax", [memberOutputs[0]], IntAttribute("axis", -1))
                : g.NodeTo("Softmax", [memberOutputs[0]], probabilityName, IntAttribute("axis", -1));
        }
        else
        {
            probabilities = g.Mean([.. memberOutputs.Select(z => g.Node("Softmax", [z], IntAttribute("axis", -1)))]);
            g.NodeTo("ArgMax", [probabilities], classIndex, IntAttribute("axis", 1), IntAttribute("keepdims", 1));
            if (!flatten)
                g.NodeTo("Identity", [probabilities], probabilityName);
        }

        if (flatten)
        {
            g.NodeTo("Reshape", [probabilities, g.Int64Constant("flat_shape", [-1], 1)], probabilityName);
            g.Graph.Output.Add(Tensor(probabilityName, DataType.Float, ClassCount));
        }
        else
        {
            g.Graph.Output.Add(BatchTensor(probabilityName, DataType.Float, ClassCount));
        }

        g.Graph.Output.Add(BatchTensor(classIndex, DataType.Int64, 1));
    }

    internal override SchemaShape AppendOutputColumns(MLContext mlContext, SchemaShape input, SchemaShape.Column label) =>
        OutputColumnProbe.Append<MulticlassColumns.Output>(mlContext, input, MulticlassColumns.Definition(ClassCount, label));

    internal override EstimatorChain<ITransformer> AppendScoringAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, ScoringChainInputs inputs) =>
        MulticlassColumns.AppendAdapters(mlContext, chain, ClassCount, inputs);
}
