using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tasks;

/// <summary>
/// The estimators' output shape: <c>SchemaShape.Column</c>'s constructor and <c>SchemaShape.Create</c> are internal
/// in ML.NET 5.0.1, so the shape comes from a stock estimator: a never-run <c>CustomMapping</c> with no inputs whose
/// output type (and optional schema definition) declares the prediction columns, appended to the input shape
/// (replacing input columns of the same names).
/// </summary>
internal static class OutputColumnProbe
{
    public static SchemaShape Append<TOutput>(MLContext mlContext, SchemaShape input, SchemaDefinition? definition = null)
        where TOutput : class, new()
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(input);
        return mlContext.Transforms.CustomMapping<NoInput, TOutput>(static (_, _) => { }, null, outputSchemaDefinition: definition).GetOutputSchema(input);
    }

    /// <summary>An input type with no columns: the probe mapping reads nothing.</summary>
    public sealed class NoInput;
}
