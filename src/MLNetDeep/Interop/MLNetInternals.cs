using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNetDeep.Interop;

/// <summary>
/// The one place MLNetDeep reaches into ML.NET internals, for the pinned Microsoft.ML 5.0.1, because ML.NET offers no
/// public route: from a catalog to its <see cref="MLContext"/>'s environment (internal <c>IInternalCatalog.Environment</c>),
/// to the context's <c>GpuDeviceId</c>/<c>FallbackToCpu</c> (internal <c>IHostEnvironmentInternal</c>) and cancellation
/// (internal <c>ICancelable</c>), and to <see cref="TrainerInfo"/>'s only constructor. Everything else goes through the
/// environment's public API. Every member falls back to a clear, documented behaviour (null, meaning "use the options")
/// when ML.NET changes, and <c>MLNetInternalsTests</c> fails loudly when it does.
/// </summary>
internal static class MLNetInternals
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Type? InternalCatalog = typeof(TrainCatalogBase).Assembly.GetType("Microsoft.ML.Data.IInternalCatalog");
    private static readonly Type? HostEnvironmentInternal = typeof(IHostEnvironment).Assembly.GetType("Microsoft.ML.Runtime.IHostEnvironmentInternal");
    private static readonly Type? Cancelable = typeof(IHostEnvironment).Assembly.GetType("Microsoft.ML.Runtime.ICancelable");

    /// <summary>The environment of the <see cref="MLContext"/> a catalog's trainers object belongs to, or null with the reason.</summary>
    /// <param name="catalogTrainers">For example <c>mlContext.BinaryClassification.Trainers</c>.</param>
    /// <param name="problem">Why the environment could not be reached; null when it was.</param>
    public static IHostEnvironment? EnvironmentOf(object catalogTrainers, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(catalogTrainers);
        problem = null;
        if (InternalCatalog?.GetProperty("Environment", Instance) is { } property && InternalCatalog.IsInstanceOfType(catalogTrainers)
            && property.GetValue(catalogTrainers) is IHostEnvironment environment)
        {
            return environment;
        }
        problem = $"Microsoft.ML {Version} no longer has the internal IInternalCatalog.Environment that MLNetDeep (written for {PinnedVersion}) reads";
        return null;
    }

    /// <summary>The context's <c>GpuDeviceId</c>, or null when unset or unreachable.</summary>
    public static int? GpuDeviceIdOf(IHostEnvironment environment) => Read<int?>(HostEnvironmentInternal, "GpuDeviceId", environment);

    /// <summary>The context's <c>FallbackToCpu</c>, or null when unreachable.</summary>
    public static bool? FallbackToCpuOf(IHostEnvironment environment) => Read<bool?>(HostEnvironmentInternal, "FallbackToCpu", environment);

    /// <summary>Whether the context's execution was cancelled (<c>MLContext.CancelExecution</c>), or null when unreachable.</summary>
    public static Func<bool>? CancellationOf(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Cancelable?.GetProperty("IsCanceled", Instance)?.GetMethod is not { } getter || !Cancelable.IsInstanceOfType(environment))
            return null;
        // Bound once: the trainer checks it after every batch.
        return (Func<bool>)Delegate.CreateDelegate(typeof(Func<bool>), environment, getter);
    }

    /// <summary>The referenced Microsoft.ML's informational version, for messages.</summary>
    public static string Version =>
        typeof(TrainerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    private static T? Read<T>(Type? declaringInterface, string name, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (declaringInterface?.GetProperty(name, Instance) is not { } property || !declaringInterface.IsInstanceOfType(environment))
            return default;
        object? value = property.GetValue(environment);
        return value is null ? default : (T)value;
    }

    /// <summary>The ML.NET version this file was written against.</summary>
    public const string PinnedVersion = "5.0.1";

    /// <summary>
    /// <c>TrainerInfo(bool normalization, bool calibration, bool caching, bool supportValid, bool supportIncrementalTrain,
    /// bool supportTest)</c>, internal in ML.NET 5.0.1; null when that constructor is gone.
    /// </summary>
    public static ConstructorInfo? TrainerInfoConstructor { get; } = typeof(TrainerInfo).GetConstructor(
        BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null,
        [typeof(bool), typeof(bool), typeof(bool), typeof(bool), typeof(bool), typeof(bool)], null);

    /// <summary>
    /// A <see cref="TrainerInfo"/> with the given capabilities. Fallback when the internal constructor is gone: an
    /// instance with every flag false, which keeps the public flags (<see cref="TrainerInfo.NeedNormalization"/>,
    /// <see cref="TrainerInfo.WantCaching"/>) right for DeepMlp, which needs neither.
    /// </summary>
    /// <param name="normalization">Whether the trainer needs normalized features.</param>
    /// <param name="caching">Whether the trainer wants its input cached by the caller.</param>
    /// <param name="supportValidation">Whether Fit accepts validation data.</param>
    /// <param name="supportIncrementalTraining">Whether Fit can continue from a trained model.</param>
    public static TrainerInfo CreateTrainerInfo(bool normalization, bool caching, bool supportValidation, bool supportIncrementalTraining)
    {
        if (TrainerInfoConstructor is { } constructor)
            return (TrainerInfo)constructor.Invoke([normalization, false, caching, supportValidation, supportIncrementalTraining, false]);
        return (TrainerInfo)RuntimeHelpers.GetUninitializedObject(typeof(TrainerInfo));
    }
}
