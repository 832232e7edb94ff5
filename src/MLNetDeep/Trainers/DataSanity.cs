using System.Globalization;
using MLNetDeep.Data;

namespace MLNetDeep;

/// <summary>
/// Refuses training data that can only give a meaningless model, and notes what is suspicious, instead of training in
/// silence: one-class binary labels, example weights that are all zero, classes of the label's key type that no
/// training row has, and learning rates far above anything that trains.
/// </summary>
internal static class DataSanity
{
    /// <summary>Adaptive optimizers (Adam, AdamW, RMSprop) above this rate diverge or stall; SGD above <see cref="AbsurdSgdRate"/>.</summary>
    public const double AbsurdAdaptiveRate = 1;

    public const double AbsurdSgdRate = 10;

    /// <exception cref="InvalidOperationException">The training rows have one binary class only, or every example weight is 0.</exception>
    public static void Check(DataScan training, TrainingColumns columns, PredictionTask task, TrainingHistory history)
    {
        var culture = CultureInfo.InvariantCulture;
        if (columns.Weight is { } weight && !(training.WeightSum > 0))
            throw new InvalidOperationException(string.Create(culture,
                $"Every example weight in column '{weight.Name}' is 0 over the {training.RowCount} training rows, so there is nothing to learn. ")
                + "Check how the weight column is computed, or train without ExampleWeightColumnName.");
        if (task is BinaryClassificationTask && training.ClassCounts is [var negatives, var positives] && (negatives == 0 || positives == 0))
            throw new InvalidOperationException(string.Create(culture,
                $"Label column '{columns.Label.Name}' is {(positives == 0 ? "false" : "true")} in all {training.RowCount} training rows: binary classification needs both classes ")
                + "(with one, the model predicts a constant and AUC is undefined). Check the label, the filters before DeepMlp and the split.");
        if (task is MulticlassClassificationTask && training.ClassCounts.Length > 0)
        {
            var absent = Enumerable.Range(0, training.ClassCounts.Length).Where(c => training.ClassCounts[c] == 0).ToList();
            if (absent.Count > 0)
            {
                history.AddNote(string.Create(culture,
                    $"{absent.Count} of the {training.ClassCounts.Length} classes of label column '{columns.Label.Name}' have no training row (key index {string.Join(", ", absent)}): ")
                    + "the model can never learn to predict them. Check the split (stratify) or the key mapping.");
            }
        }
    }

    /// <summary>A note when the learning rate is far above anything that trains with the optimizer, else null.</summary>
    public static string? AbsurdRate(DeepMlpOptionsBase options)
    {
        bool sgd = options.Optimizer == OptimizerAlgorithm.Sgd;
        double limit = sgd ? AbsurdSgdRate : AbsurdAdaptiveRate;
        return options.LearningRate <= limit ? null : string.Create(CultureInfo.InvariantCulture,
            $"LearningRate is {options.LearningRate:G4} with {options.Optimizer}, above {limit:G3}: such a rate almost always diverges. Typical rates are {(sgd ? "0.01 to 0.1" : "1e-4 to 1e-2")}.");
    }
}
