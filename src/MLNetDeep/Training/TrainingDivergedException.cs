using System.Globalization;

namespace MLNetDeep;

/// <summary>
/// Training diverged: a loss became NaN or infinite (or exploded, or float16 steps kept overflowing). Thrown by
/// <c>Fit</c> unless <see cref="DivergenceGuardOptions.Action"/> asks to restore the last finite weights instead.
/// The message says where it happened and what most likely caused it, with the option that fixes each cause.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a message only (for serialization and tests).</summary>
    public TrainingDivergedException()
        : this("Training diverged.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
        History = new TrainingHistory();
        Quantity = "";
        LikelyCauses = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
        History = new TrainingHistory();
        Quantity = "";
        LikelyCauses = [];
    }

    internal TrainingDivergedException(
        TrainingHistory history, int epoch, long step, string quantity, string? firstNonFiniteLayer, IReadOnlyList<string> likelyCauses)
        : base(Describe(epoch, step, quantity, firstNonFiniteLayer, likelyCauses))
    {
        History = history;
        Epoch = epoch;
        Step = step;
        Quantity = quantity;
        FirstNonFiniteLayer = firstNonFiniteLayer;
        LikelyCauses = likelyCauses;
    }

    /// <summary>The history of the fit (of the ensemble member that diverged) up to the failure.</summary>
    public TrainingHistory History { get; }

    /// <summary>The 1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The optimizer steps taken when it was detected.</summary>
    public long Step { get; }

    /// <summary>What went wrong, for example "the training loss is NaN".</summary>
    public string Quantity { get; }

    /// <summary>The first parameter (input side first) holding NaN or infinity, for example "hidden layer 1 weight"; null when every weight was still finite.</summary>
    public string? FirstNonFiniteLayer { get; }

    /// <summary>The likely causes, most likely first, each with the option that fixes it.</summary>
    public IReadOnlyList<string> LikelyCauses { get; }

    private static string Describe(int epoch, long step, string quantity, string? layer, IReadOnlyList<string> causes)
    {
        string where = layer is null ? "Every weight is still finite." : $"The first layer with non-finite values is {layer}.";
        string list = string.Concat(causes.Select((c, i) => $"{Environment.NewLine}{i + 1}. {c}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"Training diverged in epoch {epoch}, after step {step}: {quantity}. {where} Likely causes, most likely first:{list}"
            + $"{Environment.NewLine}Set DivergenceGuard.Action = RestoreLastFiniteWeights to get the last finite model instead of this exception.");
    }
}
