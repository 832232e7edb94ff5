using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Models;
using MLNetDeep.Onnx;
using MLNetDeep.Scoring;
using MLNetDeep.Tasks;
using Onnx;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.Evaluation.Ensembles;

/// <summary>
/// What a cross-validation ensemble averages for one task, and how the average becomes the task's output columns: a
/// tiny ONNX graph (the mean of the fold outputs, through ML.NET's <c>ApplyOnnxModel</c>) followed by the same stateless
/// head adapters DeepMlp's own scoring chain ends with.
/// </summary>
internal abstract class FoldAveraging
{
    /// <summary>The ONNX producer name of the averaging graph (not DeepMlp's, so model summaries never take it for a network).</summary>
    public const string ProducerName = "MLNetDeep.CrossValidationEnsemble";

    /// <summary>The fold output column that is averaged.</summary>
    public abstract string AveragedColumn { get; }

    /// <summary>The averaged column's width: 1 for a scalar, the class count for a multiclass Score vector.</summary>
    public abstract int Width { get; }

    /// <summary>The ONNX graph's outputs, which the head adapters read.</summary>
    public abstract IReadOnlyList<string> OnnxOutputs { get; }

    /// <summary>The averaged column's expected type in every fold model's output.</summary>
    public DataViewType ExpectedType => Width == 1 ? NumberDataViewType.Single : new VectorDataViewType(NumberDataViewType.Single, Width);

    /// <summary>
    /// The graph: input <paramref name="inputName"/>, the fold outputs side by side ([folds × width]), reshaped to
    /// [folds, width] and multiplied by a [1, folds] row of 1/folds (Gemm), which gives their mean as [1, width].
    /// </summary>
    public byte[] Graph(int folds, string inputName)
    {
        var g = new OnnxGraphBuilder();
        g.Graph.Input.Add(Tensor(inputName, DataType.Float, (long)folds * Width));
        string stacked = g.Node("Reshape", [inputName, g.Int64Constant("fold_shape", [folds, Width], 2)]);
        string mean = g.Node("Gemm", [g.Constant("fold_weights", [.. Enumerable.Repeat(1f / folds, folds)], 1, folds), stacked]);
        WriteOutputs(g, mean);
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = ProducerName,
            ProducerVersion = typeof(FoldAveraging).Assembly.GetName().Version?.ToString() ?? string.Empty,
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExporter.OpsetVersion });
        return model.ToByteArray();
    }

    /// <summary>Writes the graph's outputs from the mean, of shape [1, width].</summary>
    protected abstract void WriteOutputs(OnnxGraphBuilder g, string mean);

    /// <summary>Appends the head adapters (and the drop of the ONNX outputs) after the averaging graph.</summary>
    public abstract EstimatorChain<ITransformer> AppendAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, DataViewSchema schema, string inputName);

    /// <summary>
    /// Binary: averages the probabilities (Probability, clipped to [0, 1] against float rounding: ten folds' 0.1 · 1
    /// sums to 1.0000001); Score is the logit of the mean probability clipped to [2⁻²⁴, 1 − 2⁻²⁴], log p − log(1 − p),
    /// so it stays finite (within ±16.64) and PredictedLabel (Score &gt; 0) is true when the mean probability is above 0.5.
    /// </summary>
    public sealed class Binary : FoldAveraging
    {
        public override string AveragedColumn => "Probability";

        public override int Width => 1;

        public override IReadOnlyList<string> OnnxOutputs => [ScoringColumnNames.BinaryLogit, ScoringColumnNames.BinaryProbability];

        protected override void WriteOutputs(OnnxGraphBuilder g, string mean)
        {
            // The probability keeps DeepMlp's bound (within 2⁻²⁴ of 0 and 1), so a fold model that scores exactly 0 or 1
            // (another trainer's) cannot make the ensemble's log-loss infinite, and Score agrees with it.
            const float Bound = BinaryClassificationTask.ProbabilityBound;
            string p = g.NodeTo("Clip", [mean, g.Scalar("epsilon", Bound), g.Scalar("one_minus_epsilon", 1f - Bound)], ScoringColumnNames.BinaryProbability);
            string complement = g.Node("Sub", [g.Scalar("one", 1f), p]);
            g.NodeTo("Sub", [g.Node("Log", [p]), g.Node("Log", [complement])], ScoringColumnNames.BinaryLogit);
            g.Graph.Output.Add(BatchTensor(ScoringColumnNames.BinaryLogit, DataType.Float, 1));
            g.Graph.Output.Add(BatchTensor(ScoringColumnNames.BinaryProbability, DataType.Float, 1));
        }

        public override EstimatorChain<ITransformer> AppendAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, DataViewSchema schema, string inputName) => chain
            .Append<ITransformer>(mlContext.Transforms.CustomMapping(new BinaryHeadMapping().GetMapping(), BinaryHeadMapping.ContractName))
            .Append<ITransformer>(mlContext.Transforms.DropColumns([.. OnnxOutputs]));
    }

    /// <summary>Regression: averages the scores.</summary>
    public sealed class Regression : FoldAveraging
    {
        public override string AveragedColumn => "Score";

        public override int Width => 1;

        public override IReadOnlyList<string> OnnxOutputs => [ScoringColumnNames.RegressionScore];

        protected override void WriteOutputs(OnnxGraphBuilder g, string mean)
        {
            g.NodeTo("Identity", [mean], ScoringColumnNames.RegressionScore);
            g.Graph.Output.Add(BatchTensor(ScoringColumnNames.RegressionScore, DataType.Float, 1));
        }

        public override EstimatorChain<ITransformer> AppendAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, DataViewSchema schema, string inputName) => chain
            .Append<ITransformer>(mlContext.Transforms.CustomMapping(new RegressionHeadMapping().GetMapping(), RegressionHeadMapping.ContractName))
            .Append<ITransformer>(mlContext.Transforms.DropColumns([.. OnnxOutputs]));
    }

    /// <summary>
    /// Multiclass: averages the Score vectors (the class probabilities, for trainers that output them); PredictedLabel is
    /// the class of the largest mean, a key of the label's key type with its class names.
    /// </summary>
    /// <param name="classCount">The label's key count.</param>
    /// <param name="labelColumnName">The label column, a key in the fold models' output.</param>
    public sealed class Multiclass(int classCount, string labelColumnName) : FoldAveraging
    {
        public override string AveragedColumn => "Score";

        public override int Width => classCount;

        public override IReadOnlyList<string> OnnxOutputs => [ScoringColumnNames.MulticlassProbabilities, ScoringColumnNames.MulticlassClassIndex];

        protected override void WriteOutputs(OnnxGraphBuilder g, string mean)
        {
            g.NodeTo("ArgMax", [mean], ScoringColumnNames.MulticlassClassIndex, IntAttribute("axis", 1), IntAttribute("keepdims", 1));
            g.NodeTo("Reshape", [mean, g.Int64Constant("flat_shape", [-1], 1)], ScoringColumnNames.MulticlassProbabilities);
            g.Graph.Output.Add(Tensor(ScoringColumnNames.MulticlassProbabilities, DataType.Float, classCount));
            g.Graph.Output.Add(BatchTensor(ScoringColumnNames.MulticlassClassIndex, DataType.Int64, 1));
        }

        /// <summary>DeepMlp's multiclass adapters: Score with slot names, PredictedLabel of the label's key type.</summary>
        public override EstimatorChain<ITransformer> AppendAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, DataViewSchema schema, string inputName) =>
            MulticlassColumns.AppendAdapters(mlContext, chain, classCount, new ScoringChainInputs(schema[labelColumnName], schema, inputName, new TrainingHistory()));
    }
}
