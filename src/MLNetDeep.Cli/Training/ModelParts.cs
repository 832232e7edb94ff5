using Microsoft.ML;

namespace MLNetDeep.Cli.Training;

/// <summary>Finds parts of a fitted pipeline.</summary>
public static class ModelParts
{
    /// <summary>The DeepMlp step of <paramref name="model"/> (searched through nested chains).</summary>
    /// <param name="model">A fitted pipeline with a DeepMlp step.</param>
    /// <exception cref="InvalidOperationException">There is none.</exception>
    public static DeepMlpTransformer DeepMlpOf(ITransformer model) =>
        Steps(model).OfType<DeepMlpTransformer>().FirstOrDefault() ?? throw new InvalidOperationException("The pipeline has no DeepMlp step.");

    /// <summary>The steps of <paramref name="model"/>, nested chains flattened.</summary>
    /// <param name="model">A fitted pipeline.</param>
    public static IEnumerable<ITransformer> Steps(ITransformer model) => model is IEnumerable<ITransformer> chain ? chain.SelectMany(Steps) : [model];

}
