using Microsoft.ML;
using MLNetDeep.Data;
using MLNetDeep.Embeddings;
using MLNetDeep.Diagnostics;
using MLNetDeep.Native;

namespace MLNetDeep;

public partial class DeepMlpTrainer<TTask, TOptions>
{
    /// <summary>
    /// Checks the setup before a long fit, in a fraction of a default fit's time, and returns a <see cref="SetupReport"/>
    /// with one finding per check (see <see cref="SetupCheckNames"/>): the initialized network's loss against its
    /// expected value; whether a dropout-free copy overfits 32 rows within 500 steps; autograd gradients against float64
    /// central differences; features far from standardized (with <see cref="DeepMlpOptionsBase.StandardizeFeatures"/>
    /// off), constant features, a single feature that almost predicts the label; validation rows duplicating training
    /// rows; and the trivial baseline's metric on the validation rows.
    /// </summary>
    /// <remarks>
    /// The data is read once into memory (up to the larger of <see cref="DeepMlpOptionsBase.MaxCacheSizeInMegabytes"/>
    /// and 1024 MB; check a sample of larger data) and split as <c>Fit</c> splits it: without
    /// <paramref name="validationData"/>, the split <c>Fit</c> would carve (<see cref="DeepMlpOptionsBase.ValidationFraction"/>,
    /// early stopping), or, when it would carve none, a 10% stratified hold-out used only by the checks (a note says so).
    /// The checks run on the CPU with <see cref="DeepMlpOptionsBase.Seed"/>, or seed 0 when it is null: they never draw
    /// from the <see cref="MLContext"/>, never change the trainer or its options and never train the model Fit returns,
    /// so a later <c>Fit</c> gives exactly what it would have given. With <see cref="DeepMlpOptionsBase.Seed"/> null, a
    /// carved split and the initial weights are those of seed 0, not of the seed the next <c>Fit</c> draws: set the seed to
    /// check exactly the split and initialization that <c>Fit</c> will use.
    /// </remarks>
    /// <param name="trainingData">The training data, as <c>Fit</c> takes it (features, label and weight columns already made).</param>
    /// <param name="validationData">Optional validation data, as <c>Fit(trainingData, validationData)</c> takes it.</param>
    /// <returns>The findings; <see cref="SetupReport.ToString"/> renders them.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has a type the trainer does not accept (as in <c>Fit</c>).</exception>
    public SetupReport CheckSetup(IDataView trainingData, IDataView? validationData = null)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        (trainingData, validationData) = NetworkViews(CategoricalInputs.Resolve(TrainerOptions, trainingData.Schema, "training data"), trainingData, validationData);
        var columns = TrainingColumns.Resolve(trainingData.Schema, TrainerOptions, _task, "training data");
        var validationColumns = validationData is null ? null : columns.ResolveMatching(validationData.Schema, TrainerOptions, _task);
        TorchRuntime.EnsureAvailable();
        return SetupChecks.Run(TrainerOptions, _task, trainingData, columns, validationData, validationColumns);
    }

    /// <summary>
    /// Fits <paramref name="preprocessing"/> (the estimators that come before this trainer in the pipeline) on
    /// <paramref name="rawTrainingData"/> only, applies it to the training and the validation data, and checks the
    /// result as <see cref="CheckSetup(IDataView, IDataView)"/> does. The validation rows never reach the
    /// preprocessing's <c>Fit</c>, as in a pipeline fitted on the training rows.
    /// </summary>
    /// <param name="preprocessing">The upstream estimators, for example <c>Concatenate(...).Append(NormalizeMeanVariance(...))</c>; not the trainer.</param>
    /// <param name="rawTrainingData">The raw training rows.</param>
    /// <param name="rawValidationData">Optional raw validation rows.</param>
    /// <returns>The findings.</returns>
    public SetupReport CheckSetup(IEstimator<ITransformer> preprocessing, IDataView rawTrainingData, IDataView? rawValidationData = null)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentNullException.ThrowIfNull(rawTrainingData);
        var fitted = preprocessing.Fit(rawTrainingData);
        return CheckSetup(fitted.Transform(rawTrainingData), rawValidationData is null ? null : fitted.Transform(rawValidationData));
    }
}
