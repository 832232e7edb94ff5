using MLNetDeep.Modules;
using TorchSharp.Modules;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// The built-in callback behind <see cref="DeepMlpOptionsBase.GradientStatisticsEveryNSteps"/>: at every N-th optimizer
/// step it reads each linear layer's weight gradient (before clipping: it runs first) and weight norm, keeps a copy of
/// the weights, and after the step adds one <see cref="LayerStatisticsRecord"/> per layer with the update-to-weight
/// ratio and the activation figures the hidden blocks reported during the step's forward passes. Float32 CPU weights and
/// gradients are read by managed passes (<see cref="FloatMoments"/>) and copied into arrays kept between records; other
/// tensors go through libtorch. It reads and never changes the weights and draws no random numbers. It is only created
/// when N &gt; 0, so a fit without it runs no extra code; it keeps no checkpoint state (a resumed fit continues at the
/// restored step, and its records are in the history).
/// </summary>
/// <param name="everyNSteps">N, ≥ 1.</param>
internal sealed class LayerStatisticsRecorder(int everyNSteps) : TrainingCallback, IDisposable
{
    private TabularNetwork? _network;
    private ActivationTally[] _tallies = [];
    private bool _due;
    private long _dueStep;
    private Tensor[]? _before;
    private float[][] _copies = [];
    private bool _copied;
    private double[] _figures = [];

    public override void OnTrainBegin(TrainingContext context)
    {
        _network = context.Network as TabularNetwork;
        if (_network is null)
            return;
        var blocks = _network.ObservedBlocks;
        _tallies = [.. blocks.Select(b => new ActivationTally(b.ActivationKind == Activation.ReLU))];
        for (int i = 0; i < blocks.Count; i++)
        {
            var tally = _tallies[i];
            blocks[i].ActivationObserver = x => { if (_due) tally.Observe(x); };
        }
    }

    public override void OnEpochBegin(TrainingContext context) => Arm(context);

    public override void OnGradientsComputed(TrainingContext context)
    {
        if (_network is null || !_due || context.Step + 1 != _dueStep)
            return;
        DisposeCopy();
        var layers = _network.LayerWeights;
        if (ReadInManagedCode(layers))
            return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var values = new List<Tensor>();
        foreach (Tensor layer in layers)
        {
            var weight = layer.detach();
            var gradient = layer.grad ?? zeros_like(weight);
            values.Add(gradient.norm());
            values.Add(gradient.abs().mean());
            values.Add(weight.norm());
        }
        _figures = [.. stack(values).to(ScalarType.Float64).cpu().data<double>()];
        _before = [.. layers.Select(l => l.detach().clone().DetachFromDisposeScope())];
    }

    /// <summary>The figures and the weight copy by managed passes, when every weight and gradient is float32 on the CPU.</summary>
    private bool ReadInManagedCode(IReadOnlyList<Tensor> layers)
    {
        var gradients = layers.Select(l => l.grad).ToList();
        try
        {
            if (!layers.All(CanSpan) || !gradients.All(g => g is null || CanSpan(g)))
                return false;
            if (_copies.Length != layers.Count)
                _copies = new float[layers.Count][];
            _figures = new double[3 * layers.Count];
            for (int i = 0; i < layers.Count; i++)
            {
                var weights = Floats(layers[i]);
                var g = gradients[i] is { } gradient ? FloatMoments.Sums(Floats(gradient)) : default;
                _figures[3 * i] = Math.Sqrt(g.SumOfSquares);
                _figures[(3 * i) + 1] = weights.Length > 0 ? g.SumOfAbsolutes / weights.Length : double.NaN;
                _figures[(3 * i) + 2] = Math.Sqrt(FloatMoments.Sums(weights).SumOfSquares);
                if (_copies[i]?.Length != weights.Length)
                    _copies[i] = new float[weights.Length];
                weights.CopyTo(_copies[i]);
            }
            _copied = true;
            return true;
        }
        finally
        {
            gradients.ForEach(g => g?.Dispose());
        }
    }

    public override void OnBatchEnd(TrainingContext context, double batchLoss) => FinishAndArm(context);

    // The last step of an epoch with gradient accumulation is taken after its last batch.
    public override void OnEpochEnd(TrainingContext context, EpochRecord record) => FinishAndArm(context);

    public override void OnTrainEnd(TrainingContext context) => Dispose();

    /// <summary>Detaches the observers and frees the weight copy.</summary>
    public void Dispose()
    {
        if (_network is not null)
        {
            foreach (var block in _network.ObservedBlocks)
                block.ActivationObserver = null;
        }
        _network = null;
        DisposeCopy();
        _copies = [];
    }

    private void FinishAndArm(TrainingContext context)
    {
        if ((_before is not null || _copied) && context.Step >= _dueStep)
            Finish(context);
        if (!_due || context.Step + 1 != _dueStep)
            Arm(context);
    }

    /// <summary>Records the step whose gradients were read, once the optimizer has taken it.</summary>
    private void Finish(TrainingContext context)
    {
        var layers = _network!.LayerWeights;
        double[] ratios;
        if (_copied)
        {
            ratios = [.. layers.Select((l, i) => Math.Sqrt(FloatMoments.SquaredDistance(Floats(l), _copies[i])))];
        }
        else
        {
            using (NewDisposeScope())
            using (no_grad())
                ratios = [.. stack(layers.Select((l, i) => (l.detach() - _before![i]).norm()).ToList()).to(ScalarType.Float64).cpu().data<double>()];
        }
        int epoch = context.History.Steps.Count > 0 ? context.History.Steps[^1].Epoch : context.Epoch;
        for (int i = 0; i < layers.Count; i++)
        {
            bool hidden = i < _tallies.Length;
            double weightNorm = _figures[(3 * i) + 2];
            var tally = hidden ? _tallies[i] : null;
            context.History.AddLayerStatistics(new LayerStatisticsRecord(
                _dueStep, epoch, hidden ? $"hidden{i + 1}" : "output", _figures[3 * i], _figures[(3 * i) + 1], weightNorm,
                weightNorm > 0 ? ratios[i] / weightNorm : double.NaN, tally?.Mean, tally?.StandardDeviation, tally?.DeadFraction));
        }
        DisposeCopy();
        _due = false;
    }

    /// <summary>Decides whether the next step is instrumented, and clears the activation tallies for it.</summary>
    private void Arm(TrainingContext context)
    {
        _dueStep = context.Step + 1;
        _due = _network is not null && _dueStep % everyNSteps == 0;
        foreach (var tally in _tallies)
            tally.Clear();
    }

    private void DisposeCopy()
    {
        foreach (var copy in _before ?? [])
            copy.Dispose();
        _before = null;
        _copied = false;
    }
}
