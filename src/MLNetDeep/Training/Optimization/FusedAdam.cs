using TorchSharp.Modules;
using static MLNetDeep.Native.FloatSpans;
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
        if (!_parameter_groups.All(g => g.Options is Options { amsgrad: false, maximize: false })
            || !FusedAdamParts.Fusable(_parameter_groups, p => Moments((State)_state[p.Handle])))
            return base.step(closure);
        return _step<ParamGroup>(group =>
        {
            var o = (Options)group.Options;
            FusedAdamParts.Update(group, p => Moments((State)_state[p.Handle], advance: true),
                step => AdamStep.Create(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, decoupled: false, step));
        }, closure);
    }

    private static FusedAdamParts.Moments Moments(State state, bool advance = false) =>
        new(state.exp_avg, state.exp_avg_sq, advance ? ++state.step : state.step);
}

/// <summary>TorchSharp's AdamW with the fused CPU update of <see cref="Adam"/> (and its type name, for the same reason).</summary>
internal sealed class AdamW(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    : TorchSharp.Modules.AdamW(parameters, learningRate, weight_decay: weightDecay)
{
    /// <summary>Sets the gradients to none, as PyTorch does by default: backward then writes them instead of adding to zeros.</summary>
    public override void zero_grad() => FusedAdamParts.ClearGradients(_parameter_groups);

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (!_parameter_groups.All(g => g.Options is Options { amsgrad: false, maximize: false })
            || !FusedAdamParts.Fusable(_parameter_groups, p => Moments((State)_state[p.Handle])))
            return base.step(closure);
        return _step<ParamGroup>(group =>
        {
            var o = (Options)group.Options;
            FusedAdamParts.Update(group, p => Moments((State)_state[p.Handle], advance: true),
                step => AdamStep.Create(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, decoupled: true, step));
        }, closure);
    }

    private static FusedAdamParts.Moments Moments(State state, bool advance = false) =>
        new(state.exp_avg, state.exp_avg_sq, advance ? ++state.step : state.step);
}

/// <summary>What the two fused optimizers share.</summary>
internal static class FusedAdamParts
{
    /// <summary>A parameter's Adam state: the moments and the step count (after this step when advanced).</summary>
    public sealed record Moments(Tensor Mean, Tensor Variance, long Step);

    /// <summary>
    /// Whether every parameter, its gradient (when it has one) and its moments are contiguous float32 CPU tensors of under
    /// 2 GB (what a span can cover); otherwise the step falls back to TorchSharp's own.
    /// </summary>
    public static bool Fusable(IEnumerable<ParamGroup> groups, Func<Parameter, Moments> moments) =>
        groups.All(g => g.Parameters.All(p =>
        {
            using var gradient = p.grad;
            var state = moments(p);
            return CanSpan(p) && CanSpan(state.Mean) && CanSpan(state.Variance) && (gradient is null || CanSpan(gradient));
        }));

    /// <summary>Updates the group's parameters that have a gradient (advancing their step counts); the others keep theirs.</summary>
    public static void Update(ParamGroup group, Func<Parameter, Moments> advance, Func<long, AdamStep> constants)
    {
        foreach (var parameter in group.Parameters)
        {
            using var gradient = parameter.grad;
            if (gradient is null)
                continue;
            var state = advance(parameter);
            Update(parameter, gradient, state.Mean, state.Variance, constants(state.Step));
        }
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
    /// Runs <see cref="AdamKernel.Update"/> over the tensors' memory (checked by <see cref="Fusable"/>). A parameter of at
    /// least two chunks of 32,768 elements is split into up to as many chunks as libtorch has threads, updated in parallel:
    /// the update streams four times the parameter's memory, more than one core's cache holds for the default network
    /// (measured: the Fashion-MNIST epoch's update went from 109-131 to 73-105 ms on 2 cores). Elementwise, so the result
    /// does not depend on the split.
    /// </summary>
    private static void Update(Parameter parameter, Tensor gradient, Tensor mean, Tensor variance, AdamStep constants)
    {
        int length = (int)parameter.numel();
        int chunks = Math.Min(get_num_threads(), length / MinimumChunkLength);
        if (chunks < 2)
        {
            AdamKernel.Update(Floats(parameter), Floats(gradient), Floats(mean), Floats(variance), constants);
            return;
        }
        int chunkLength = (length + chunks - 1) / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * chunkLength, count = Math.Min(chunkLength, length - start);
            AdamKernel.Update(Floats(parameter).Slice(start, count), Floats(gradient).Slice(start, count),
                Floats(mean).Slice(start, count), Floats(variance).Slice(start, count), constants);
        });
    }

    private const int MinimumChunkLength = 1 << 15;
}
