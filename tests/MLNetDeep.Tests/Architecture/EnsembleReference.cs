using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.Architectures;

/// <summary>The ensemble average from the managed reference forward pass of each member, in double precision.</summary>
internal static class EnsembleReference
{
    public static ReferenceOutput Predict(EnsembleSnapshot ensemble, float[] features)
    {
        ReferenceOutput[] members = [.. ensemble.Members.Select(m => ReferenceForward.Predict(m, features))];
        switch (ensemble.Task)
        {
            case BinaryClassificationTask:
                double p = members.Average(m => m.Probability);
                double logit = Math.Log(p) - Math.Log(1 - p);
                return new ReferenceOutput([logit], p, logit > 0 ? 1 : 0);
            case MulticlassClassificationTask multiclass:
                double[] mean = [.. Enumerable.Range(0, multiclass.ClassCount).Select(k => members.Average(m => m.Score[k]))];
                return new ReferenceOutput(mean, double.NaN, Array.IndexOf(mean, mean.Max()));
            default:
                return new ReferenceOutput([members.Average(m => m.Score[0])], double.NaN, -1);
        }
    }
}
