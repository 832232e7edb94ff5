using MLNetDeep.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>Builds the optimizer, the learning-rate scheduler, the clipping callbacks and the training step from the options.</summary>
internal static class OptimizationFactory
{
    public static optim.Optimizer CreateOptimizer(DeepMlpOptionsBase options, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Optimizer switch
        {
            OptimizerAlgorithm.AdamW => new Fused.AdamW(parameters, options.LearningRate, options.WeightDecay),
            OptimizerAlgorithm.Sgd => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum,
                weight_decay: options.L2Regularization, nesterov: options.Nesterov),
            OptimizerAlgorithm.RMSprop => optim.RMSProp(parameters, options.LearningRate, momentum: options.Momentum,
                weight_decay: options.L2Regularization),
            _ => new Fused.Adam(parameters, options.LearningRate, options.L2Regularization),
        };
    }

    /// <summary>Callbacks that run before the user's: value clipping, then norm clipping.</summary>
    public static IReadOnlyList<TrainingCallback> CreateCallbacks(DeepMlpOptionsBase options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var callbacks = new List<TrainingCallback>();
        if (options.GradientClippingValue is { } bound)
            callbacks.Add(new GradientValueClipping(bound));
        if (options.GradientClippingNorm is { } maxNorm)
            callbacks.Add(new GradientNormClipping(maxNorm));
        return callbacks;
    }

    /// <summary>The training step: mixed precision when asked for (and on a GPU or forced on the CPU), else float32.</summary>
    /// <param name="options">The trainer options.</param>
    /// <param name="network">The float32 network the optimizer updates.</param>
    /// <param name="task">The network's task (mixed precision builds a half-precision twin for it).</param>
    /// <param name="optimizer">Its optimizer.</param>
    /// <param name="objective">What each batch minimizes.</param>
    /// <param name="callbacks">Called when gradients are ready.</param>
    /// <param name="scheduler">Sets the rate after each optimizer step, or null.</param>
    /// <param name="seeds">The member's random streams (mixed precision draws its dropout masks from them).</param>
    public static ITrainingStep CreateStep(
        DeepMlpOptionsBase options, TabularNetwork network, PredictionTask task, optim.Optimizer optimizer, ITrainingObjective objective,
        IReadOnlyList<TrainingCallback> callbacks, LearningRateScheduler? scheduler, MemberSeeds seeds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        bool clipping = options.GradientClippingNorm is not null || options.GradientClippingValue is not null;
        bool onCpu = network.parameters().First().device_type == TorchSharp.DeviceType.CPU;
        if (options.MixedPrecision != MixedPrecision.None && (!onCpu || options.ForceMixedPrecisionOnCpu))
        {
            return new MixedPrecisionTrainingStep(options, network, task, optimizer, objective, callbacks,
                new StepSettings(options.GradientAccumulationSteps, clipping, null, scheduler), scaler: null, seeds.Dropout);
        }

        string? note = options.MixedPrecision == MixedPrecision.None ? null
            : $"MixedPrecision = {options.MixedPrecision} was not used: training runs on the CPU, which has no fast half-precision "
              + "matrix multiply, so it trained in float32. Set ForceMixedPrecisionOnCpu = true to use it anyway (slower).";
        return new StandardTrainingStep(network, optimizer, objective, callbacks, new StepSettings(options.GradientAccumulationSteps, clipping, note, scheduler),
            options.UseHandWrittenPass ? MlpBackprop.TryCreate(network) : null);
    }

    /// <summary>The learning-rate schedule the options ask for, or null for a fixed rate (Constant without warm-up).</summary>
    public static LearningRateScheduler? CreateScheduler(DeepMlpOptionsBase o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var length = ScheduleLength.From(o);
        return o.LearningRateSchedule switch
        {
            LearningRateSchedule.Cosine => new CosineLearningRateDecay(o.LearningRate, length),
            LearningRateSchedule.Step => new StepLearningRateDecay(o.LearningRate, o.LearningRateStepSize, o.LearningRateStepGamma, length),
            LearningRateSchedule.OneCycle => new OneCycleLearningRate(o.LearningRate, length),
            LearningRateSchedule.ReduceOnPlateau => new ReduceLearningRateOnPlateau(o.LearningRate, o.PlateauPatience, o.PlateauFactor, o.MinLearningRate, length),
            _ when o.WarmupSteps > 0 || o.WarmupFraction > 0 => new ConstantLearningRate(o.LearningRate, length),
            _ => null,
        };
    }
}
