using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;

namespace MLNetDeep.Interop;

/// <summary>
/// The one place MLNetDeep reaches into ML.NET internals, for the pinned Microsoft.ML 5.0.1, because ML.NET offers no
/// public route: <see cref="TrainerInfo"/>'s only constructor is internal. Every member falls back to a clear,
/// documented behaviour when ML.NET changes, and <c>MLNetInternalsTests</c> fails loudly when it does.
/// </summary>
internal static class MLNetInternals
{
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
