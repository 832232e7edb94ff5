using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetDeep.Interop;

namespace MLNetDeep.Training;

/// <summary>
/// What a trainer takes from its <see cref="MLContext"/>: a host registered in the context's environment (its seeded
/// random numbers and the channels that reach <c>mlContext.Log</c>), the context's <c>GpuDeviceId</c> and
/// <c>FallbackToCpu</c>, and its cancellation. A trainer created without a context (or when ML.NET changed and the
/// context cannot be reached: <see cref="Problem"/>) uses the options alone.
/// </summary>
internal sealed class TrainerEnvironment
{
    private readonly Func<bool>? _isCanceled;
    private readonly object _seedLock = new();

    private TrainerEnvironment(IHost? host, int? gpuDeviceId, bool? fallbackToCpu, Func<bool>? isCanceled, string? problem)
    {
        Host = host;
        GpuDeviceId = gpuDeviceId;
        FallbackToCpu = fallbackToCpu;
        _isCanceled = isCanceled;
        Problem = problem;
    }

    /// <summary>No context: the options decide everything, seeds are random unless set.</summary>
    public static TrainerEnvironment None { get; } = new(null, null, null, null, null);

    /// <summary>The host registered for the trainer in the context's environment; null without a context.</summary>
    public IHost? Host { get; }

    /// <summary>The context's GPU device, when set.</summary>
    public int? GpuDeviceId { get; }

    /// <summary>The context's FallbackToCpu, when known.</summary>
    public bool? FallbackToCpu { get; }

    /// <summary>Why the context could not be reached although the trainer came from a catalog; null otherwise.</summary>
    public string? Problem { get; }

    /// <summary>Whether the context's execution was cancelled (<c>MLContext.CancelExecution</c>).</summary>
    public bool IsCanceled => _isCanceled?.Invoke() == true;

    /// <summary>The environment of the context behind <paramref name="catalogTrainers"/> (for example <c>mlContext.Regression.Trainers</c>).</summary>
    /// <param name="catalogTrainers">The catalog's trainers object.</param>
    /// <param name="name">The name the trainer registers under (it shows as the log's source).</param>
    public static TrainerEnvironment FromCatalog(object catalogTrainers, string name)
    {
        var environment = MLNetInternals.EnvironmentOf(catalogTrainers, out string? problem);
        return environment is null ? new TrainerEnvironment(null, null, null, null, problem) : From(environment, name);
    }

    /// <summary>The environment of an <see cref="MLContext"/> (which is an <see cref="IHostEnvironment"/>).</summary>
    /// <param name="environment">The context, or its environment.</param>
    /// <param name="name">The name the trainer registers under.</param>
    public static TrainerEnvironment From(IHostEnvironment environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        IHost host = environment.Register(name);
        return new TrainerEnvironment(
            host, MLNetInternals.GpuDeviceIdOf(host), MLNetInternals.FallbackToCpuOf(host), MLNetInternals.CancellationOf(host), null);
    }

    /// <summary>
    /// The seed of one fit: the options' when set, else the next number of the context's seeded generator (so two
    /// contexts with the same seed making the same calls train identical models), else a random one.
    /// </summary>
    /// <remarks>The k-th fit of a trainer gets the k-th draw; concurrent fits of one trainer draw under a lock (System.Random is not thread-safe).</remarks>
    public (int Seed, string Source) ResolveSeed(int? optionsSeed)
    {
        if (optionsSeed is { } seed)
            return (seed, "the options");
        if (Host is not { } host)
            return (Random.Shared.Next(), "a random draw (no Seed in the options and no MLContext)");
        lock (_seedLock)
            return (host.Rand.Next(), "the MLContext");
    }
}
