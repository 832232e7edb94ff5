using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Interop;

namespace MLNetDeep.TestOnce;

/// <summary>The test-once workflow's helpers that need no workflow state: the seed, the row count, describing models and chains.</summary>
internal static class WorkflowSupport
{
    /// <summary>The last estimator of an ML.NET <see cref="EstimatorChain{TLastTransformer}"/> (its public LastEstimator field); null for anything else.</summary>
    public static object? LastEstimatorOf(IEstimator<ITransformer> estimator)
    {
        var type = estimator.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EstimatorChain<>)
            ? type.GetField(nameof(EstimatorChain<ITransformer>.LastEstimator))?.GetValue(estimator)
            : null;
    }

    /// <summary>The options' seed, else the next draw of the context's seeded generator (as DeepMlp trainers draw theirs), else 0.</summary>
    public static (int Seed, string Source) ResolveSeed(object catalog, int? seed)
    {
        if (seed is { } value)
            return (value, "the options");
        return MLNetInternals.EnvironmentOf(catalog, out _) is { } environment
            ? (environment.Register("TestOnce").Rand.Next(), "the MLContext")
            : (0, "the fixed fallback (the MLContext could not be reached)");
    }

    /// <summary>The rows of <paramref name="data"/>, counted with a cursor.</summary>
    public static int CountRows(IDataView data)
    {
        long count = 0;
        using (var cursor = data.GetRowCursor([]))
        {
            while (cursor.MoveNext())
                count++;
        }
        return count <= int.MaxValue ? (int)count
            : throw new InvalidOperationException($"The data has {count} rows, too many for a test-once split; split a sample.");
    }

    /// <summary>A model's type name with its type arguments, or a chain's length and last transformer.</summary>
    public static string Describe(ITransformer model)
    {
        static string Name(Type type) => type.IsGenericType && type.Name.IndexOf('`', StringComparison.Ordinal) is int tick and > 0
            ? $"{type.Name[..tick]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
            : type.Name;
        return model is IEnumerable<ITransformer> chain && chain.LastOrDefault() is { } last
            ? $"a chain of {chain.Count()} transformers ending in {Name(last.GetType())}"
            : Name(model.GetType());
    }
}
