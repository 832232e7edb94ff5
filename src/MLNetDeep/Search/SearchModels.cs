using Microsoft.ML;

namespace MLNetDeep;

/// <summary>Frees the ONNX Runtime sessions of trial models the search no longer keeps.</summary>
internal static class SearchModels
{
    /// <summary>Releases the session of every DeepMlp transformer in <paramref name="model"/> (a chain or a single transformer).</summary>
    public static void Release(ITransformer? model)
    {
        switch (model)
        {
            case DeepMlpTransformer deepMlp:
                deepMlp.ReleaseSession();
                break;
            case IEnumerable<ITransformer> chain:
                foreach (var part in chain)
                    Release(part);
                break;
        }
    }
}
