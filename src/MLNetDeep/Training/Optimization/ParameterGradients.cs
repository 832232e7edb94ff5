using TorchSharp.Modules;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// How <see cref="MlpBackprop"/> hands its gradients to the parameters, as backward does: added to a parameter's
/// <c>grad</c> when it has one (gradient accumulation), else written into one of the pass's own buffers, which becomes
/// the parameter's <c>grad</c> (the same tensor every step).
/// </summary>
internal static class ParameterGradients
{
    /// <summary>Adds a gradient to <paramref name="parameter"/>'s through <paramref name="write"/>(target, β), which computes target ← β·target + gradient.</summary>
    public static void Add(Parameter parameter, Tensor buffer, Action<Tensor, float> write)
    {
        using var existing = parameter.grad;
        if (existing is not null)
        {
            write(existing, 1);
            return;
        }
        write(buffer, 0);
        parameter.grad = buffer;
    }

    /// <summary>Adds the column sums of <paramref name="gradient"/> ([rows, width]) to the bias's gradient, as <see cref="Add"/> does.</summary>
    public static void AddColumnSums(Parameter bias, Tensor buffer, Tensor gradient)
    {
        using var existing = bias.grad;
        if (existing is null)
        {
            BiasRows.AddColumnSums(gradient, buffer, add: false);
            bias.grad = buffer;
        }
        else if (CanSpan(existing))
        {
            BiasRows.AddColumnSums(gradient, existing, add: true);
        }
        else
        {
            using var sum = gradient.sum(dim: 0L);
            existing.add_(sum);
        }
    }
}
