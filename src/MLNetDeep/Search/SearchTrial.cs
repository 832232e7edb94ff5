namespace MLNetDeep;

/// <summary>One finished trial of a hyperparameter search.</summary>
/// <param name="Number">0-based trial number (the order trials were proposed in).</param>
/// <param name="Parameters">The drawn values by parameter name.</param>
/// <param name="State">How the trial ended.</param>
/// <param name="Objective">The search metric on the validation rows; null for a pruned or failed trial.</param>
/// <param name="ValidationLosses">The per-epoch validation loss of the training loop (what pruning compares), epoch 1 first.</param>
/// <param name="ValidationMetrics">The per-epoch validation metric of the training loop (accuracy, micro-accuracy or R²), epoch 1 first.</param>
/// <param name="SelectedEpoch">The epoch whose weights the trial's model kept (early stopping may pick an earlier one); 0 without epochs.</param>
/// <param name="Duration">Wall time of the trial: fitting and validation scoring.</param>
/// <param name="Bracket">The Hyperband bracket; null with other pruning.</param>
/// <param name="Message">Why a trial failed or was stopped; null otherwise.</param>
public sealed record SearchTrial(
    int Number,
    IReadOnlyDictionary<string, object?> Parameters,
    SearchTrialState State,
    double? Objective,
    IReadOnlyList<double> ValidationLosses,
    IReadOnlyList<double> ValidationMetrics,
    int SelectedEpoch,
    TimeSpan Duration,
    int? Bracket,
    string? Message)
{
    /// <summary>Epochs the trial ran.</summary>
    public int Epochs => ValidationLosses.Count;
}

/// <summary>How a trial ended.</summary>
public enum SearchTrialState
{
    /// <summary>Ran until its epochs or early stopping ended it, and was scored on the validation rows.</summary>
    Completed,

    /// <summary>Stopped by pruning: its validation loss was worse than most trials' at the same epoch.</summary>
    Pruned,

    /// <summary>Stopped at the end of the time budget, then scored on the validation rows like a completed trial.</summary>
    StoppedByTimeBudget,

    /// <summary>Training diverged (see <see cref="SearchTrial.Message"/>); the search went on.</summary>
    Failed,
}
