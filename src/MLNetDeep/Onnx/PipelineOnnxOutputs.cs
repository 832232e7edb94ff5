using Onnx;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.Onnx;

/// <summary>
/// The outputs of a whole-pipeline ONNX file, named after the ML.NET columns the DeepMlp step adds, each [batch, width]:
/// binary <c>Score</c>, <c>Probability</c> (float) and <c>PredictedLabel</c> (bool, Score &gt; 0); multiclass
/// <c>Score</c> (float class probabilities) and <c>PredictedLabel</c> (the class name as a string, or the 1-based key
/// as uint32 when the label has no class names); regression <c>Score</c>.
/// </summary>
internal static class PipelineOnnxOutputs
{
    /// <summary>The ONNX output names, in the order <see cref="Write"/> adds them.</summary>
    public static IReadOnlyList<string> Names(PredictionTask task) => task switch
    {
        BinaryClassificationTask => ["Score", "Probability", "PredictedLabel"],
        MulticlassClassificationTask => ["Score", "PredictedLabel"],
        _ => ["Score"],
    };

    /// <summary>Adds the outputs from the standalone head's values (<see cref="OnnxHeadLayout.Standalone"/>, in its order).</summary>
    /// <param name="g">The network's graph.</param>
    /// <param name="task">The DeepMlp step's task.</param>
    /// <param name="head">The head's values: binary score, probability; multiclass probability, 0-based class index; regression score.</param>
    /// <param name="classNames">The label's class names in key order, or null.</param>
    public static void Write(OnnxGraphBuilder g, PredictionTask task, IReadOnlyList<string> head, IReadOnlyList<string>? classNames)
    {
        switch (task)
        {
            case BinaryClassificationTask:
                Output(g, g.NodeTo("Identity", [head[0]], "Score"), DataType.Float, 1);
                Output(g, g.NodeTo("Identity", [head[1]], "Probability"), DataType.Float, 1);
                Output(g, g.NodeTo("Greater", [head[0], g.Scalar("zero", 0f)], "PredictedLabel"), DataType.Bool, 1);
                break;
            case MulticlassClassificationTask:
                Output(g, g.NodeTo("Identity", [head[0]], "Score"), DataType.Float, task.ClassCount);
                if (classNames is not null)
                {
                    // Gather over [classes] with indices [batch, 1] gives [batch, 1].
                    string names = g.StringConstant("class_names", classNames);
                    Output(g, g.NodeTo("Gather", [names, head[1]], "PredictedLabel", IntAttribute("axis", 0)), DataType.String, 1);
                }
                else
                {
                    string key = g.Node("Add", [head[1], g.Int64Constant("one", [1])]);
                    Output(g, g.NodeTo("Cast", [key], "PredictedLabel", IntAttribute("to", (long)DataType.Uint32)), DataType.Uint32, 1);
                }

                break;
            default:
                Output(g, g.NodeTo("Identity", [head[0]], "Score"), DataType.Float, 1);
                break;
        }
    }

    private static void Output(OnnxGraphBuilder g, string name, DataType type, long width) => g.Graph.Output.Add(BatchTensor(name, type, width));
}
