using System.Reflection;
using Microsoft.ML;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Tests.Onnx;

/// <summary>Standalone ONNX export and fitted transformers for hand-built snapshots of any task.</summary>
internal static class TestModels
{
    public static byte[] Standalone(NetworkSnapshot network, string inputName) => Standalone(EnsembleSnapshot.Of(network), inputName);

    public static byte[] Standalone(EnsembleSnapshot ensemble, string inputName) => OnnxExporter.Export(ensemble, inputName, OnnxHeadLayout.Standalone);

    public static DeepMlpTransformer Transformer(NetworkSnapshot network, string featureColumnName, DataViewSchema schema, string? labelColumnName) =>
        Transformer(EnsembleSnapshot.Of(network), featureColumnName, schema, labelColumnName);

    /// <summary>A <see cref="DeepMlpTransformer{TTask}"/> of the snapshot's task type, as a trainer would return it.</summary>
    public static DeepMlpTransformer Transformer(EnsembleSnapshot network, string featureColumnName, DataViewSchema schema, string? labelColumnName)
    {
        var type = typeof(DeepMlpTransformer<>).MakeGenericType(network.Task.GetType());
        try
        {
            return (DeepMlpTransformer)Activator.CreateInstance(
                type, BindingFlags.Instance | BindingFlags.NonPublic, null,
                [new MLContext(), network, featureColumnName, schema, labelColumnName, new TrainingHistory(), null, null], null)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
