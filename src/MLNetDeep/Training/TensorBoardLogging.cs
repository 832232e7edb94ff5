using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using static TorchSharp.torch;
using SummaryWriter = TorchSharp.Modules.SummaryWriter;

namespace MLNetDeep.Training;

/// <summary>
/// The built-in callback behind <see cref="DeepMlpOptionsBase.TensorBoardLogDirectory"/>: writes one ensemble member's
/// run with TorchSharp's <see cref="SummaryWriter"/> (which appends and flushes every event as it is written, so nothing
/// is lost when a fit throws). Step scalars come from <see cref="TrainingHistory.Steps"/> and epoch scalars from the
/// epoch's <see cref="EpochRecord"/>, so the files hold exactly what the history holds. It only reads tensors (no
/// random draws, no in-place changes), so the fit's weights do not depend on it. It keeps no checkpoint state: when a
/// fit resumes, it starts writing at the restored step.
/// </summary>
/// <param name="folder">The run's folder (created if missing).</param>
/// <param name="histogramEveryNEpochs">Weight and gradient histograms after epochs N, 2N, …; 0 for none.</param>
/// <param name="summary">The markdown text written under the <c>options</c> tag when training starts.</param>
internal sealed partial class TensorBoardLogging(string folder, int histogramEveryNEpochs, string summary) : TrainingCallback, IDisposable
{
    private SummaryWriter? _writer;
    private int _writtenSteps = -1;
    private int _writtenLayerRecords = -1;

    /// <summary>A single model's run is the folder itself; ensemble member i (0-based) writes into <c>member-{i+1:00}</c>.</summary>
    public static string RunFolder(string root, int member, int ensembleSize) =>
        ensembleSize > 1 ? Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"member-{member + 1:00}")) : root;

    /// <summary>The options as a two-column markdown table, with a line above it (or none).</summary>
    public static string Markdown(string? heading, IEnumerable<KeyValuePair<string, string>> options)
    {
        var text = new StringBuilder();
        if (heading is not null)
            text.Append(heading).Append("\n\n");
        text.Append("| option | value |\n|---|---|\n");
        foreach (var (name, value) in options)
            text.Append("| ").Append(Escape(name)).Append(" | ").Append(Escape(value)).Append(" |\n");
        return text.ToString();
    }

    public override void OnTrainBegin(TrainingContext context) =>
        _writer = TorchSharp.torch.utils.tensorboard.SummaryWriter(folder);

    public override void OnEpochBegin(TrainingContext context)
    {
        if (_writer is null || _writtenSteps >= 0)
            return;
        // The first epoch this fit runs: after a resume the history already holds the checkpoint's steps and epochs.
        _writtenSteps = context.History.Steps.Count;
        _writtenLayerRecords = context.History.LayerStatistics.Count;
        string text = context.Epoch == 1 ? summary : string.Create(CultureInfo.InvariantCulture,
            $"Resumed from a checkpoint after epoch {context.Epoch - 1}, step {context.Step}.\n\n{summary}");
        _writer.add_text("options", text, StepOf(context.Step));
    }

    public override void OnBatchEnd(TrainingContext context, double batchLoss) => WriteSteps(context.History);

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        // The last step of an epoch with gradient accumulation is taken after its last batch.
        WriteSteps(context.History);
        if (_writer is null)
            return;
        _writer.add_scalar("epoch/training_loss", (float)record.TrainingLoss, record.Epoch);
        if (record.ValidationLoss is { } validationLoss)
            _writer.add_scalar("epoch/validation_loss", (float)validationLoss, record.Epoch);
        if (record.ValidationMetric is { } metric && context.History.ValidationMetricName is { } metricName)
            _writer.add_scalar("epoch/" + metricName, (float)metric, record.Epoch);
        if (histogramEveryNEpochs > 0 && record.Epoch % histogramEveryNEpochs == 0)
            WriteHistograms(context.Network, record.Epoch);
    }

    public override void OnTrainEnd(TrainingContext context) => Dispose();

    /// <summary>Stops writing (every event already is on disk; the writer holds no open file).</summary>
    public void Dispose() => _writer = null;

    /// <summary>"_blocks.0._linear.weight" → "hidden1.linear.weight"; "_output.bias" → "output.bias".</summary>
    public static string ParameterTag(string name)
    {
        var match = BlockParameter().Match(name);
        if (match.Success)
            name = string.Create(CultureInfo.InvariantCulture, $"hidden{int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1}.{match.Groups[2].Value}");
        return string.Join('.', name.Split('.').Select(part => part.TrimStart('_')));
    }

    private void WriteSteps(TrainingHistory history)
    {
        if (_writer is null || _writtenSteps < 0)
            return;
        var steps = history.Steps;
        for (; _writtenSteps < steps.Count; _writtenSteps++)
        {
            var step = steps[_writtenSteps];
            _writer.add_scalar("train/loss", (float)step.Loss, StepOf(step.Step));
            _writer.add_scalar("train/learning_rate", (float)step.LearningRate, StepOf(step.Step));
        }
        var layers = history.LayerStatistics;
        for (; _writtenLayerRecords < layers.Count; _writtenLayerRecords++)
            WriteLayer(layers[_writtenLayerRecords]);
    }

    /// <summary>A <see cref="LayerStatisticsRecord"/> as scalars <c>layers/&lt;layer&gt;/&lt;figure&gt;</c> at its step.</summary>
    private void WriteLayer(LayerStatisticsRecord r)
    {
        int step = StepOf(r.Step);
        void Add(string figure, double? value)
        {
            if (value is { } v)
                _writer!.add_scalar($"layers/{r.Layer}/{figure}", (float)v, step);
        }
        Add("gradient_norm", r.GradientNorm);
        Add("mean_abs_gradient", r.MeanAbsoluteGradient);
        Add("weight_norm", r.WeightNorm);
        Add("update_to_weight_ratio", r.UpdateToWeightRatio);
        Add("activation_mean", r.ActivationMean);
        Add("activation_std", r.ActivationStandardDeviation);
        Add("dead_unit_fraction", r.DeadUnitFraction);
    }

    /// <summary>Histograms of every parameter and its gradient; tensors with NaN or infinity are left out (TensorBoard cannot bin them).</summary>
    private void WriteHistograms(nn.Module network, int epoch)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            string tag = ParameterTag(name);
            Histogram("weights/" + tag, parameter, epoch);
            if (parameter.grad is { } gradient)
                Histogram("gradients/" + tag, gradient, epoch);
        }
    }

    private void Histogram(string tag, Tensor values, int epoch)
    {
        if (values.numel() > 0 && isfinite(values).all().item<bool>())
            _writer!.add_histogram(tag, values.detach(), epoch);
    }

    /// <summary>SummaryWriter takes 32-bit steps.</summary>
    private static int StepOf(long step) => (int)Math.Min(step, int.MaxValue);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"^_blocks\.(\d+)\.(.+)$")]
    private static partial Regex BlockParameter();
}
