using Microsoft.ML;
using MLNetDeep.Data;
using MLNetDeep.Training;

namespace MLNetDeep;

public partial class DeepMlpTrainer<TTask, TOptions>
{
    /// <summary>
    /// The network <c>Fit</c> would train on data of <paramref name="inputSchema"/>, layer by layer, before any
    /// training: the feature count comes from the feature column's size, the output width from the task (for
    /// multiclass, the label's key count), the rest from the options. The same summary the fitted model's
    /// <c>GetModelSummary()</c> gives, except that missing-value indicator inputs (one per slot with missing values in
    /// the training rows, known only once the data is read) widen the fitted network's first layer; render it with
    /// <see cref="DeepMlpModelSummary.ToString"/>.
    /// </summary>
    /// <param name="inputSchema">
    /// The schema of the training data: the feature column a known-size vector of Single, the label column of a type
    /// the task accepts, as <c>Fit</c> checks them.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has a type or size the trainer does not accept; the message names it.</exception>
    public DeepMlpModelSummary GetModelSummary(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = TrainingColumns.Resolve(inputSchema, TrainerOptions, _task, "input schema");
        int outputSize = _task.FitTarget(new TargetStatistics(columns.ClassCount, LabelMean: 0, LabelStandardDeviation: 1)).OutputSize;

        var layers = new List<LayerSummary>();
        int width = columns.FeatureCount;
        int[] sizes = TrainerOptions.HiddenLayerSizes;
        var specs = NetworkFactory.HiddenLayers(TrainerOptions);
        for (int i = 0; i < sizes.Length; i++)
        {
            var spec = specs[i];
            long normalization = spec.Normalization == Normalization.None ? 0 : 2L * sizes[i];
            layers.Add(new LayerSummary(
                LayerSummary.HiddenName(i), width, sizes[i], spec.Activation, spec.Normalization, spec.DropoutRate, spec.Residual,
                Linear(width, sizes[i]) + normalization));
            width = sizes[i];
        }
        layers.Add(LayerSummary.Output(width, outputSize, Linear(width, outputSize)));

        int members = TrainerOptions.EnsembleSize;
        return new DeepMlpModelSummary(columns.FeatureCount, layers, members, members * layers.Sum(layer => layer.ParameterCount));
    }

    /// <summary>Weights and biases of a linear layer.</summary>
    private static long Linear(int inputs, int outputs) => ((long)inputs * outputs) + outputs;
}
