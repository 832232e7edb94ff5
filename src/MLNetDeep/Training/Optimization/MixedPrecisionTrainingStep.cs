using MLNetDeep.Data;
using MLNetDeep.Modules;
using MLNetDeep.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Forward and backward in half precision on a half copy of the network, with the optimizer updating the float32
/// master weights: before each group of batches the master weights and buffers are copied into the half copy; after
/// each batch's forward pass the half copy's buffers (BatchNorm's running statistics, any buffer) are copied back
/// into the master network, which is the one validated, exported and saved; each batch's
/// half gradients are summed in float32, then unscaled into the master gradients and checked. The loss itself is computed in float32 from
/// the half outputs. With float16 a <see cref="DynamicLossScaler"/> guards against underflow, and steps whose
/// gradients overflowed are skipped. bfloat16 needs no scaling.
/// </summary>
internal sealed class MixedPrecisionTrainingStep : TrainingStepBase, IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _half;
    private readonly Parameter[] _halfParameters;
    private readonly Tensor[] _masterBuffers;
    private readonly Tensor[] _halfBuffers;
    private readonly ScalarType _dtype;
    private readonly bool _castInput;
    private readonly ITrainingObjective _objective;
    private readonly DynamicLossScaler? _scaler;
    private readonly Generator _dropoutGenerator;
    private readonly Tensor[] _sums;

    /// <summary>Builds the half copy of <paramref name="network"/> (the float32 master the optimizer updates).</summary>
    /// <param name="options">The fit's options: the architecture to copy and the half type.</param>
    /// <param name="network">The float32 master network.</param>
    /// <param name="task">The network's task: the half-precision copy is built for it.</param>
    /// <param name="optimizer">The optimizer of the master weights.</param>
    /// <param name="objective">The loss, computed in float32 from the half outputs.</param>
    /// <param name="callbacks">The callbacks told about each step.</param>
    /// <param name="settings">Accumulation, norm recording and the start note.</param>
    /// <param name="scaler">The float16 loss scaler; null for a new one (unused with bfloat16).</param>
    /// <param name="dropoutSeed">
    /// Seeds the half copy's dropout masks; derived from the ensemble member's seed, so members draw different masks.
    /// </param>
    public MixedPrecisionTrainingStep(
        DeepMlpOptionsBase options, TabularNetwork network, PredictionTask task, optim.Optimizer optimizer, ITrainingObjective objective,
        IReadOnlyList<TrainingCallback> callbacks, StepSettings settings, DynamicLossScaler? scaler, ulong dropoutSeed)
        : base(optimizer, [.. network.parameters()], callbacks, settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        _objective = objective;
        _dtype = options.MixedPrecision == MixedPrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float16;
        _scaler = _dtype == ScalarType.Float16 ? scaler ?? new DynamicLossScaler() : null;

        var device = Parameters[0].device;
        using var initGenerator = new Generator(0, CPU);
        _dropoutGenerator = new Generator(dropoutSeed, device);
        _half = NetworkFactory.Create(options, network.InputSize, task, initGenerator, _dropoutGenerator, network.EmbeddingPlan);
        _castInput = network.EmbeddingPlan is not { CategoricalCount: > 0 };
        _half.to(device);
        _half.to(_dtype);
        _half.train();
        _halfParameters = [.. _half.parameters()];
        if (_halfParameters.Length != Parameters.Count
            || _halfParameters.Zip(Parameters).Any(pair => !pair.First.shape.SequenceEqual(pair.Second.shape)))
            throw new InvalidOperationException("Mixed precision could not mirror the network: its half-precision copy has different parameters.");
        _masterBuffers = [.. network.buffers()];
        _halfBuffers = [.. _half.buffers()];
        if (_halfBuffers.Length != _masterBuffers.Length
            || _halfBuffers.Zip(_masterBuffers).Any(pair => !pair.First.shape.SequenceEqual(pair.Second.shape)))
            throw new InvalidOperationException("Mixed precision could not mirror the network: its half-precision copy has different buffers.");
        _sums = [.. Parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
    }

    protected override void ZeroGradients(optim.Optimizer optimizer)
    {
        using var _ = no_grad();
        foreach (var sum in _sums)
            sum.zero_();
        for (int i = 0; i < _halfParameters.Length; i++)
            _halfParameters[i].copy_(Parameters[i]);
        for (int i = 0; i < _halfBuffers.Length; i++)
            _halfBuffers[i].copy_(_masterBuffers[i]);
    }

    /// <summary>
    /// Backward of loss · scale (half gradients of the usual size, so the weight W does not push them towards
    /// overflow), then W · (half gradient + any float32 gradient the objective put on the master weights) is added
    /// to the float32 sums.
    /// </summary>
    protected override double Backward(Batch batch, double? weight)
    {
        using (no_grad())
        {
            foreach (var p in Parameters)
                p.grad?.zero_();
            _half.zero_grad();
        }
        // Key values stay float32 (a half type rounds keys above 256 or 2048): the embedding casts the numeric inputs itself.
        var output = _half.call(_castInput ? batch.Features.to(_dtype) : batch.Features).to(ScalarType.Float32);
        using (no_grad())
        {
            // The forward pass updated the half copy's running statistics; the master network must see them too.
            for (int i = 0; i < _masterBuffers.Length; i++)
                _masterBuffers[i].copy_(_halfBuffers[i]);
        }
        var loss = _objective.Loss(output, batch);
        double scale = _scaler?.Scale ?? 1;
        if (scale == 1)
            loss.backward();
        else
            loss.Times(scale).backward();

        using (no_grad())
        {
            for (int i = 0; i < _sums.Length; i++)
            {
                var sum = _sums[i];
                if (_halfParameters[i].grad is { } half)
                    sum.AddInPlace(half.to(ScalarType.Float32), weight ?? 1);
                if (Parameters[i].grad is { } master)
                    sum.AddInPlace(master, weight ?? 1);
            }
        }
        return loss.item<float>();
    }

    protected override void FinishGradients(double divisor)
    {
        using var _ = no_grad();
        double total = divisor * (_scaler?.Scale ?? 1);
        for (int i = 0; i < _sums.Length; i++)
        {
            var p = Parameters[i];
            if (p.grad is null)
                p.grad = zeros_like(p).DetachFromDisposeScope();
            p.grad!.copy_(_sums[i]).DivideInPlace(total);
        }
    }

    protected override double? RecordedLossScale => _scaler?.Scale;

    protected override bool NeedsGradientNorm => _scaler is not null;

    protected override bool AcceptUpdate(double? gradientNorm)
    {
        if (_scaler is null)
            return true;
        bool finite = gradientNorm is { } norm && double.IsFinite(norm);
        _scaler.Update(finite);
        return finite;
    }

    public override void Save(CheckpointState state)
    {
        base.Save(state);
        state.Set("DropoutGenerator", Checkpoints.TensorBytes.GeneratorState(_dropoutGenerator));
        _scaler?.Save(state);
    }

    public override void Restore(CheckpointState state)
    {
        base.Restore(state);
        Checkpoints.TensorBytes.RestoreGenerator(_dropoutGenerator, state.GetBytes("DropoutGenerator"));
        _scaler?.Restore(state);
    }

    public void Dispose()
    {
        _half.Dispose();
        _dropoutGenerator.Dispose();
        foreach (var sum in _sums)
            sum.Dispose();
    }
}
