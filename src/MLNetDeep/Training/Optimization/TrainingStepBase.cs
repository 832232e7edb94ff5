using MLNetDeep.Data;
using MLNetDeep.Native;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// The update shared by the step variants: accumulate the gradients of k batches (k = 1: every batch), then
/// <see cref="TrainingCallback.OnGradientsComputed"/> (clipping), one optimizer update, a
/// <see cref="StepRecord"/> in the history and the scheduler's next rate. With k &gt; 1 each batch's mean loss is back-propagated times its
/// weight sum W and the sum is divided by ΣW, which gives exactly the gradient of one batch holding all k batches'
/// rows. Variants decide how a batch's gradients are computed.
/// </summary>
internal abstract class TrainingStepBase(
    optim.Optimizer optimizer, IReadOnlyList<Parameter> parameters, IReadOnlyList<TrainingCallback> callbacks, StepSettings settings)
    : ITrainingStep, Checkpoints.ICheckpointPart
{
    private string? _note = settings.Note;
    private int _pendingBatches;
    private double _pendingWeight;
    private double _pendingLoss;

    /// <summary>The optimizer's parameters (the float32 master weights).</summary>
    protected IReadOnlyList<Parameter> Parameters { get; } = parameters;

    public double Run(Batch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_note is not null)
        {
            context.History.AddNote(_note);
            _note = null;
        }
        if (_pendingBatches == 0)
            ZeroGradients(optimizer);

        // k = 1 keeps the plain mean loss (no multiply and divide by W), so results match a single-batch step bit for bit.
        double weight = settings.AccumulationSteps == 1 ? 1 : batch.Weights.sum().item<float>();
        double loss = Backward(batch, settings.AccumulationSteps == 1 ? null : weight);
        _pendingBatches++;
        _pendingWeight += weight;
        _pendingLoss += loss * weight;
        if (_pendingBatches == settings.AccumulationSteps)
            Update(context);
        return loss;
    }

    /// <summary>Stores whether the start note was written (a resumed fit must not write it again); variants add their state.</summary>
    public virtual void Save(CheckpointState state) => state.Set("NoteWritten", _note is null);

    public virtual void Restore(CheckpointState state)
    {
        if (state.GetBoolean("NoteWritten"))
            _note = null;
    }

    public void Flush(TrainingContext context)
    {
        if (_pendingBatches > 0)
            Update(context);
    }

    /// <summary>Clears the gradients before a new group of batches.</summary>
    protected virtual void ZeroGradients(optim.Optimizer optimizer) => optimizer.zero_grad();

    /// <summary>Forward and backward for one batch; adds its gradient (times <paramref name="weight"/> when given) to the parameters'. Returns the batch's mean loss.</summary>
    protected abstract double Backward(Batch batch, double? weight);

    /// <summary>Brings the parameters' gradients to their final scale by dividing by <paramref name="divisor"/> (1 without accumulation).</summary>
    protected virtual void FinishGradients(double divisor)
    {
        if (divisor == 1)
            return;
        using var _ = no_grad();
        foreach (var p in Parameters)
            p.grad?.DivideInPlace(divisor);
    }

    /// <summary>Whether <see cref="AcceptUpdate"/> needs the gradient norm.</summary>
    protected virtual bool NeedsGradientNorm => false;

    /// <summary>Decides after the callbacks whether to apply the update; false skips it (overflow).</summary>
    /// <param name="gradientNorm">The global gradient norm when recorded or <see cref="NeedsGradientNorm"/>, else null.</param>
    protected virtual bool AcceptUpdate(double? gradientNorm) => true;

    /// <summary>The loss scale to record for the step, or null.</summary>
    protected virtual double? RecordedLossScale => null;

    private void Update(TrainingContext context)
    {
        double divisor = settings.AccumulationSteps == 1 ? 1 : Math.Max(_pendingWeight, 1e-12);
        double? lossScale = RecordedLossScale;
        FinishGradients(divisor);
        foreach (var c in callbacks) c.OnGradientsComputed(context);
        double? norm = settings.RecordGradientNorm || NeedsGradientNorm ? GlobalNorm() : null;
        bool accepted = AcceptUpdate(norm);
        double rate = context.LearningRate;
        if (accepted)
            optimizer.step();
        context.Step++;
        double loss = settings.AccumulationSteps == 1 ? _pendingLoss : _pendingWeight > 0 ? _pendingLoss / _pendingWeight : 0;
        context.History.AddStep(new StepRecord(context.Step, context.Epoch, rate, loss, settings.RecordGradientNorm ? norm : null, lossScale, !accepted));
        settings.Scheduler?.AfterStep(context);
        _pendingBatches = 0;
        _pendingWeight = 0;
        _pendingLoss = 0;
    }

    /// <summary>The global L2 norm of all gradients (inf or NaN when any element is), read back once.</summary>
    private double GlobalNorm()
    {
        using var _ = no_grad();
        var squares = Parameters.Select(p => p.grad).OfType<Tensor>().Select(g => g.to(ScalarType.Float64).square().sum()).ToList();
        return squares.Count == 0 ? 0 : Math.Sqrt(stack(squares).sum().item<double>());
    }
}

/// <summary>What every step variant needs from the options.</summary>
/// <param name="AccumulationSteps">Batches per optimizer step.</param>
/// <param name="RecordGradientNorm">Record the post-clipping gradient norm of each step.</param>
/// <param name="Note">A note added to the history when training starts, or null.</param>
/// <param name="Scheduler">Sets the next step's learning rate after each optimizer step, or null for a fixed rate.</param>
internal sealed record StepSettings(int AccumulationSteps, bool RecordGradientNorm, string? Note, LearningRateScheduler? Scheduler);
