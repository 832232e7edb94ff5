using System.Globalization;
using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>The first and last lines a fit writes to <c>mlContext.Log</c>.</summary>
internal static class FitSummary
{
    private static CultureInfo Culture => CultureInfo.InvariantCulture;

    /// <summary>The resolved options and the data size, for example <c>DeepMlp regression: 8,925 rows × 26 features (validation: 992 rows); …</c>.</summary>
    public static string Start(DeepMlpOptionsBase o, TrainingData data, TrainingColumns columns, int seed, string seedSource, Device device)
    {
        string validation = data.Validation is { } v ? string.Create(Culture, $" (validation: {v.RowCount:N0} rows)") : " (no validation data)";
        int indicators = data.Standardization.InputSize - columns.FeatureCount;
        string missing = indicators > 0 ? string.Create(Culture, $" ({indicators} missing-value indicator input(s))") : "";
        string network = string.Join(" → ", new[] { data.Standardization.InputSize.ToString(Culture) }.Concat(Embedded(data)).Concat(o.HiddenLayerSizes.Select(h => h.ToString(Culture))).Append(data.Task.OutputSize.ToString(Culture)));
        string normalization = o.Normalization == Normalization.None ? "" : $", {o.Normalization}";
        string residual = o.Architecture switch
        {
            Architecture.ResNet => ", ResNet",
            Architecture.TabM or Architecture.TabMMini => string.Create(Culture, $", {o.Architecture} of {o.NumberOfTabMMembers} members"),
            _ => "",
        };
        string ensemble = o.EnsembleSize > 1 ? $", ensemble of {o.EnsembleSize}" : "";
        string stopping = o.EarlyStopping is { } e ? $", early stopping on {e.Monitor} (patience {e.Patience})" : "";
        return string.Create(Culture,
            $"DeepMlp {data.Task.Name}: {data.Training.RowCount:N0} rows × {columns.FeatureCount} features{validation}; network {network}{missing}, "
            + $"{o.Activation}{normalization}{residual}, dropout {o.DropoutRate:G3}{ensemble}; {o.Optimizer} learning rate {o.LearningRate:G4} "
            + $"({o.LearningRateSchedule} schedule), batch {o.BatchSize}, {o.NumberOfEpochs} epochs{stopping}; "
            + $"seed {seed} (from {seedSource}); device {device.type.ToString().ToLowerInvariant()}.");
    }

    /// <summary>The embedding's output width (with a note of what it embeds), or nothing.</summary>
    private static IEnumerable<string> Embedded(TrainingData data)
    {
        if (data.Embedding is not { } plan)
            yield break;
        string keys = plan.CategoricalCount > 0 ? string.Create(Culture, $"{plan.CategoricalCount} key column(s)") : "";
        string numeric = plan.Numerical != NumericalEmbedding.None ? $"{plan.Numerical} numeric inputs" : "";
        yield return string.Create(Culture, $"{plan.OutputWidth} (embedding: {string.Join(", ", new[] { numeric, keys }.Where(p => p.Length > 0))})");
    }

    /// <summary>The closing summary: epochs run, the selected epoch, its results and the time taken.</summary>
    public static string End<TTask>(DeepMlpModel<TTask> model, TimeSpan elapsed)
        where TTask : PredictionTask
    {
        var history = model.History;
        var members = history.Members.Count > 0 ? history.Members : [history];
        int epochs = members.Sum(m => m.Epochs.Count);
        string selected = history.SelectedEpoch is > 0 and var s && s <= history.Epochs.Count ? Results(history, history.Epochs[s - 1]) : "";
        return string.Create(Culture,
            $"DeepMlp trained {epochs} epoch(s){(members.Count > 1 ? $" over {members.Count} members" : "")} in {FitLog.Duration(elapsed)}; {model}.{selected}");
    }

    private static string Results(TrainingHistory history, EpochRecord epoch)
    {
        string validation = epoch.ValidationLoss is { } loss ? string.Create(Culture, $", validation loss {loss:G5}") : "";
        string metric = epoch.ValidationMetric is { } value ? string.Create(Culture, $", {history.ValidationMetricName} {value:G5}") : "";
        return string.Create(Culture, $" Selected epoch {epoch.Epoch}: training loss {epoch.TrainingLoss:G5}{validation}{metric}.");
    }
}
