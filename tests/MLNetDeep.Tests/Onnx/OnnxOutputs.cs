using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Tests.Onnx;

/// <summary>Compares one row of the standalone ONNX outputs with a reference prediction, per head.</summary>
internal static class OnnxOutputs
{
    public static void AssertRow(PredictionTask head, ReferenceOutput expected, Dictionary<string, float[][]> outputs, int r)
    {
        switch (head)
        {
            case BinaryClassificationTask:
                Close.Assert(expected.Score, outputs["score"][r], $"row {r} score");
                Close.Assert(expected.Probability, outputs["probability"][r][0], $"row {r} probability");
                break;
            case MulticlassClassificationTask:
                Close.Assert(expected.Score, outputs["probability"][r], $"row {r} probability");
                Assert.AreEqual(expected.ClassIndex, (int)outputs["predicted_class"][r][0], $"row {r} class");
                break;
            default:
                Close.Assert(expected.Score, outputs["score"][r], $"row {r} score");
                break;
        }
    }
}
