using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;
using AdamStep = MLNetDeep.Training.Optimization.AdamStep;
using AdamKernel = MLNetDeep.Training.Optimization.AdamKernel;

namespace MLNetDeep.Training.Optimization.Fused;

/// <summary>
/// TorchSharp's Adam with the update of float32 CPU parameters done by <see cref="AdamKernel"/> in one pass per parameter.
/// The state (moments and step counts), parameter groups, learning rates and saved state dictionaries are Adam's own, so
/// schedulers, checkpoints and resume see no difference; anything else (another device or type, AMSGrad, maximize) takes
/// Adam's own step. The class is named Adam because TorchSharp writes the optimizer's type name into a saved state and
/// refuses another name when loading: checkpoints written with TorchSharp's Adam load here, and the other way round.
/// </summary>
internal sealed class Adam(IEnumerable<Parameter> parameters, double learningRate, double l2Regularization)
    : TorchSharp.Modules.Adam(parameters, learningRate, weight_decay: l2Regularization)
{
    /// <summary>Sets the gradients to none, as PyTorch does by default: backward then writes them instead of adding to zeros.</summary>
    public override void zero_grad() => FusedAdamParts.ClearGradients(_parameter_groups);

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (!_parameter_groups.All(g => g.Options is Options { amsgrad: false, maximize: false }
                && g.Parameters.All(p => FusedAdamParts.Fusable(p, ((State)_state[p.Handle]).exp_avg, ((State)_state[p.Handle]).exp_avg_sq))))
            return base.step(closure);
        return _step<ParamGroup>(group =>
        {
            var o = (Options)group.Options;
            foreach (var parameter in group.Parameters)
            {
                if (parameter.grad is not { } gradient)
                    continue;
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                var constants = AdamStep.Create(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, decoupled: false, state.step);
                FusedAdamParts.Update(parameter, gradient, state.exp_avg, state.exp_avg_sq, constants);
            }
        }, closure);
    }
}

/// <summary>TorchSharp's AdamW with the fused CPU update of <see cref="Adam"/> (and its type name, for the same reason).</summary>
internal sealed class AdamW(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    : TorchSharp.Modules.AdamW(parameters, learningRate, weight_decay: weightDecay)
{
    /// <summary>Sets the gradients to none, as PyTorch does by default: backward then writes them instead of adding to zeros.</summary>
    public override void zero_grad() => FusedAdamParts.ClearGradients(_parameter_groups);

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (!_parameter_groups.All(g => g.Options is Options { amsgrad: false, maximize: false }
                && g.Parameters.All(p => FusedAdamParts.Fusable(p, ((State)_state[p.Handle]).exp_avg, ((State)_state[p.Handle]).exp_avg_sq))))
            return base.step(closure);
        return _step<ParamGroup>(group =>
        {
            var o = (Options)group.Options;
            foreach (var parameter in group.Parameters)
            {
                if (parameter.grad is not { } gradient)
                    continue;
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                var constants = AdamStep.Create(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, decoupled: true, state.step);
                FusedAdamParts.Update(parameter, gradient, state.exp_avg, state.exp_avg_sq, constants);
            }
        }, closure);
    }
}

/// <summary>What the two fused optimizers share.</summary>
internal static class FusedAdamParts
{
    /// <summary>
    /// Whether a parameter, its gradient (when it has one) and its moments are contiguous float32 CPU tensors of under
    /// 2 GB (what a span can cover); otherwise the step falls back to TorchSharp's own.
    /// </summary>
    public static bool Fusable(Parameter p, Tensor mean, Tensor variance)
    {
        using var gradient = p.grad;
        return Plain(p) && Plain(mean) && Plain(variance) && (gradient is null || Plain(gradient));
    }

    /// <summary>Drops every parameter's gradient.</summary>
    public static void ClearGradients(IEnumerable<ParamGroup> groups)
    {
        foreach (var group in groups)
        {
            foreach (var p in group.Parameters)
                p.grad = null;
        }
    }

    /// <summary>
    /// Runs <see cref="AdamKernel.Update"/> over the tensors' memory (checked by <see cref="Fusable"/>); parameters of a
    /// million elements or more are split into chunks updated in parallel.
    /// </summary>
    public static void Update(Parameter parameter, Tensor gradient, Tensor mean, Tensor variance, AdamStep constants)
    {
        int length = (int)parameter.numel();
        if (length < ParallelThreshold)
        {
            AdamKernel.Update(Floats(parameter), Floats(gradient), Floats(mean), Floats(variance), constants);
            return;
        }
        int chunks = (length + ChunkLength - 1) / ChunkLength;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * ChunkLength, count = Math.Min(ChunkLength, length - start);
            AdamKernel.Update(Floats(parameter).Slice(start, count), Floats(gradient).Slice(start, count),
                Floats(mean).Slice(start, count), Floats(variance).Slice(start, count), constants);
        });
    }

    private const int ParallelThreshold = 1 << 20;
    private const int ChunkLength = 1 << 18;

    private static bool Plain(Tensor t) => t.device_type == TorchSharp.DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous()
        && t.numel() <= int.MaxValue / sizeof(float);

    private static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);
}
