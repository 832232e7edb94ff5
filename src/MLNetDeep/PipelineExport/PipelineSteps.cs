using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.PipelineExport;

/// <summary>
/// The steps of a fitted pipeline in order (nested chains flattened), split at its DeepMlp step, and the check that
/// names the first step ML.NET's ONNX converter cannot export.
/// </summary>
internal sealed class PipelineSteps
{
    private PipelineSteps(IReadOnlyList<ITransformer> steps, int deepMlpIndex)
    {
        Steps = steps;
        DeepMlpIndex = deepMlpIndex;
    }

    /// <summary>Every step, nested chains flattened, in the order <c>Transform</c> applies them.</summary>
    public IReadOnlyList<ITransformer> Steps { get; }

    /// <summary>The position of the DeepMlp step in <see cref="Steps"/>.</summary>
    public int DeepMlpIndex { get; }

    /// <summary>The DeepMlp step.</summary>
    public DeepMlpTransformer DeepMlp => (DeepMlpTransformer)Steps[DeepMlpIndex];

    /// <summary>The steps before the DeepMlp step, as one chain (empty when the DeepMlp step comes first).</summary>
    public TransformerChain<ITransformer> Prefix => new([.. Steps.Take(DeepMlpIndex)]);

    /// <summary>Splits <paramref name="model"/>; it must have exactly one DeepMlp step, and it must be the last step.</summary>
    /// <exception cref="ArgumentException">No DeepMlp step, or a step after it (named with its position).</exception>
    public static PipelineSteps Split(ITransformer model)
    {
        var steps = new List<ITransformer>();
        Flatten(model, steps);
        int index = steps.FindIndex(step => step is DeepMlpTransformer);
        if (index < 0)
        {
            throw new ArgumentException(
                "The model has no DeepMlp step. SavePipelineAsOnnx needs the model a pipeline's Fit returned in the training process (a model "
                + "loaded from a zip keeps only its ONNX scoring parts, and its standalone network is written by SaveAsOnnx at training time); "
                + "export a pipeline without DeepMlp with mlContext.Model.ConvertToOnnx.", nameof(model));
        }

        if (index < steps.Count - 1)
        {
            throw new ArgumentException(
                $"{Describe(steps, index + 1)} comes after the DeepMlp step and cannot be exported: SavePipelineAsOnnx writes the "
                + "DeepMlp step's columns as the graph's outputs, so the DeepMlp step must be the last one. Export the pipeline without "
                + "the steps after it, and apply them to ONNX Runtime's outputs.",
                nameof(model));
        }

        return new PipelineSteps(steps, index);
    }

    /// <summary>
    /// Converts the steps before the DeepMlp step one more at a time until one fails or is skipped by the converter, and
    /// names that step; called once the whole prefix failed to convert (with <paramref name="failure"/>, or null when the
    /// converter skipped a step).
    /// </summary>
    public InvalidOperationException NameUnsupportedStep(IDataView inputData, Exception? failure)
    {
        for (int count = 1; count <= DeepMlpIndex; count++)
        {
            string? why = null;
            Exception? error = null;
            try
            {
                if (OnnxConversion.TryConvert(new TransformerChain<ITransformer>([.. Steps.Take(count)]), inputData) is null)
                    why = "the converter cannot save it as ONNX and would have left it out";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                (why, error) = (e.Message, e);
            }

            if (why is not null)
            {
                return new InvalidOperationException(
                    $"{Describe(Steps, count - 1)} cannot be exported to ONNX by ML.NET's converter ({why}). Nothing was written: "
                    + "replace the step with one the converter supports, or apply it before the data reaches the pipeline.",
                    error);
            }
        }

        return new InvalidOperationException(
            $"The steps before the DeepMlp step (positions 0 to {DeepMlpIndex - 1}) cannot be exported to ONNX together ({failure?.Message ?? "the converter left a step out"}). Nothing was written.",
            failure);
    }

    /// <summary>"Step 2 (ColumnConcatenatingTransformer)": the 0-based position and the transformer's type.</summary>
    public static string Describe(IReadOnlyList<ITransformer> steps, int index) =>
        $"Step {index} ({TypeName(steps[index].GetType())}) of the pipeline's {steps.Count} steps (counting from 0)";

    private static void Flatten(ITransformer transformer, List<ITransformer> steps)
    {
        if (transformer is IEnumerable<ITransformer> chain and not DeepMlpTransformer)
        {
            foreach (ITransformer step in chain)
                Flatten(step, steps);
        }
        else
        {
            steps.Add(transformer);
        }
    }

    /// <summary>"CustomMappingTransformer&lt;A, B&gt;", "TextFeaturizingEstimator.Transformer": the type as C# writes it, without namespaces.</summary>
    private static string TypeName(Type type)
    {
        string outer = type.IsNested && type.DeclaringType is { } declaring ? TypeName(declaring) + "." : string.Empty;
        int tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        if (tick < 0)
            return outer + type.Name;
        Type[] arguments = type.IsConstructedGenericType ? type.GetGenericArguments() : [];
        return $"{outer}{type.Name[..tick]}<{string.Join(", ", arguments.Select(TypeName))}>";
    }
}
