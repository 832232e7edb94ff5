namespace MLNetDeep;

/// <summary>
/// What the pipeline builder of a search gets for one trial: the trial's options (the base options with the drawn values
/// set, and the search's callback, seed and cancellation added: build the DeepMlp trainer from these) and every drawn
/// value by name, pipeline choices included.
/// </summary>
/// <typeparam name="TOptions">The trainer's options type.</typeparam>
public sealed class SearchTrialSetup<TOptions>
    where TOptions : DeepMlpOptionsBase
{
    internal SearchTrialSetup(int number, TOptions options, IReadOnlyDictionary<string, object?> parameters)
    {
        Number = number;
        Options = options;
        Parameters = parameters;
    }

    /// <summary>0-based trial number; -1 for the final refit.</summary>
    public int Number { get; }

    /// <summary>The options to build the trial's DeepMlp trainer from (each trial gets its own copy).</summary>
    public TOptions Options { get; }

    /// <summary>Every drawn value by parameter name.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; }

    /// <summary>The drawn value of <paramref name="name"/>, as the type it was declared with.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name; the message lists those there are.</exception>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>; the message names its type.</exception>
    public T Get<T>(string name)
    {
        if (!Parameters.TryGetValue(name, out object? value))
            throw new KeyNotFoundException($"The search space has no parameter '{name}'. Parameters: {string.Join(", ", Parameters.Keys)}.");
        return value is T typed ? typed
            : value is null && default(T) is null ? default!
            : throw new InvalidCastException($"The search parameter '{name}' is of type {value?.GetType().Name ?? "null"}, not {typeof(T).Name}: read it as the type given to the space.");
    }
}
