using MLNetDeep.Scoring;

namespace MLNetDeep.Cli.Data;

/// <summary>
/// How mlnetdeep (and the code it generates) loads its models: <c>MLNetDeepScoring.LoadModel</c> with ML.NET's text
/// featurization and hashing loaders allowed besides the defaults, because <c>train</c> writes them for text and
/// high-cardinality categorical columns. None of them reads files named in the zip.
/// </summary>
public static class ModelLoading
{
    /// <summary>The loader signatures of ML.NET's FeaturizeText and OneHotHashEncoding steps.</summary>
    public static IReadOnlyList<string> AllowedLoaderSignatures { get; } =
        ["HashTransform", "Text", "TextNormalizerTransform", "TokenizeTextTransform", "NgramTransform", "CharToken", "GcnTransform", "GcnFunction"];

    /// <summary>New load options with <see cref="AllowedLoaderSignatures"/>.</summary>
    public static LoadModelOptions Options() => new() { AllowedLoaderSignatures = AllowedLoaderSignatures };
}
