using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using MLNetDeep.Scoring;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.Tasks;

/// <summary>
/// The head of tasks that predict one real value in label units (regression and its variants): the members' mean
/// output times the label scale plus the label offset, scored through the regression adapter of MLNetDeep.Scoring
/// into ML.NET's scalar <c>Score</c> column.
/// </summary>
internal static class ScaledScoreHead
{
    public static IReadOnlyList<string> OnnxOutputs(OnnxHeadLayout layout) =>
        [layout == OnnxHeadLayout.Standalone ? "score" : ScoringColumnNames.RegressionScore];

    public static void Write(OnnxGraphBuilder g, IReadOnlyList<string> memberOutputs, OnnxHeadLayout layout, float labelOffset, float labelScale)
    {
        string score = OnnxOutputs(layout)[0];
        string scaled = g.Node("Mul", [g.Mean(memberOutputs), g.Scalar("label_scale", labelScale)]);
        g.NodeTo("Add", [scaled, g.Scalar("label_offset", labelOffset)], score);
        g.Graph.Output.Add(BatchTensor(score, DataType.Float, 1));
    }

    /// <summary>The label's standard deviation as the scale, or 1 for constant labels.</summary>
    public static float Scale(TargetStatistics statistics) =>
        statistics.LabelStandardDeviation > 0 ? (float)statistics.LabelStandardDeviation : 1f;

    public static SchemaShape AppendOutputColumns(MLContext mlContext, SchemaShape input) =>
        OutputColumnProbe.Append<RegressionHeadOutput>(mlContext, input);

    public static EstimatorChain<ITransformer> AppendAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain) => chain
        .Append<ITransformer>(mlContext.Transforms.CustomMapping(new RegressionHeadMapping().GetMapping(), RegressionHeadMapping.ContractName))
        .Append<ITransformer>(mlContext.Transforms.DropColumns([.. OnnxOutputs(OnnxHeadLayout.ScoringChain)]));
}
