using MLNetDeep.Data;
using MLNetDeep.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Forward and backward in half precision on a half copy of the network, with the optimizer updating the float32
/// master weights: before each group of batches the master weights are copied into the half copy; the half
/// gradients are added to the master gradients, unscaled and checked. The loss itself is computed in float32 from
/// the half outputs. With float16 a <see cref="DynamicLossScaler"/> guards against underflow, and steps whose
/// gradients overflowed are skipped. bfloat16 needs no scaling.
/// </summary>
internal sealed class MixedPrecisionTrainingStep : TrainingStepBase, IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _half;
    private readonly Parameter[] _halfParameters;
    private readonly ScalarType _dtype;
    private readonly ITrainingObjective _objective;
    private readonly DynamicLossScaler? _scaler;
    private readonly Generator _dropoutGenerator;

    public MixedPrecisionTrainingStep(
        DeepMlpOptionsBase options, nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, ITrainingObjective objective,
        IReadOnlyList<TrainingCallback> callbacks, StepSettings settings, DynamicLossScaler? scaler)
        : base(optimizer, [.. network.parameters()], callbacks, settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        _objective = objective;
        _dtype = options.MixedPrecision == MixedPrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float16;
        _scaler = _dtype == ScalarType.Float16 ? scaler ?? new DynamicLossScaler() : null;

        var device = Parameters[0].device;
        int inputSize = (int)Parameters[0].shape[1];
        int outputSize = (int)Parameters[^1].shape[0];
        using var initGenerator = new Generator(0, CPU);
        _dropoutGenerator = new Generator(unchecked((ulong)(options.Seed ?? 0) + 3), device);
        _half = NetworkFactory.Create(options, inputSize, outputSize, initGenerator, _dropoutGenerator);
        _half.to(device);
        _half.to(_dtype);
        _half.train();
        _halfParameters = [.. _half.parameters()];
        if (_halfParameters.Length != Parameters.Count
            || _halfParameters.Zip(Parameters).Any(pair => !pair.First.shape.SequenceEqual(pair.Second.shape)))
            throw new InvalidOperationException("Mixed precision could not mirror the network: its half-precision copy has different parameters.");
    }

    protected override void ZeroGradients(optim.Optimizer optimizer)
    {
        using var _ = no_grad();
        foreach (var p in Parameters)
        {
            if (p.grad is { } g)
                g.zero_();
            else
                p.grad = zeros_like(p).DetachFromDisposeScope();
        }
        _half.zero_grad();
        for (int i = 0; i < _halfParameters.Length; i++)
            _halfParameters[i].copy_(Parameters[i]);
    }

    protected override double Backward(Batch batch, double? weight)
    {
        var output = _half.call(batch.Features.to(_dtype)).to(ScalarType.Float32);
        var loss = _objective.Loss(output, batch);
        double multiplier = (weight ?? 1) * (_scaler?.Scale ?? 1);
        if (multiplier == 1)
            loss.backward();
        else
            (loss * multiplier).backward();
        return loss.item<float>();
    }

    protected override void FinishGradients(double divisor)
    {
        using var _ = no_grad();
        double total = divisor * (_scaler?.Scale ?? 1);
        for (int i = 0; i < _halfParameters.Length; i++)
        {
            var master = Parameters[i].grad!;
            if (_halfParameters[i].grad is { } g)
                master.add_(g);
            if (total != 1)
                master.div_(total);
        }
    }

    protected override double? RecordedLossScale => _scaler?.Scale;

    protected override bool AcceptUpdate()
    {
        if (_scaler is null)
            return true;
        bool finite = double.IsFinite(GlobalNorm());
        _scaler.Update(finite);
        return finite;
    }

    public void Dispose()
    {
        _half.Dispose();
        _dropoutGenerator.Dispose();
    }
}
