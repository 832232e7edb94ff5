using System.Diagnostics;
using MLNetDeep.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Benchmarks.Hardware;

/// <summary>
/// Where a training step's time goes: a replica of DeepMlp's cached-path step (shuffled gather, forward through
/// Linear-ReLU-Dropout blocks, cross-entropy, backward, optimizer update, one loss read-back), each phase timed on its own.
/// CPU ops run synchronously, so a phase's clock covers its work. <see cref="StepVariant.Usual"/>: libtorch's
/// <c>bernoulli_</c> dropout mask, autograd and TorchSharp's Adam; <see cref="StepVariant.Parts"/>: autograd with MLNetDeep's
/// managed mask and fused Adam; <see cref="StepVariant.Pass"/>: what DeepMlp runs, its hand-written pass
/// (<see cref="Training.Optimization.MlpBackprop"/>: forward, loss, backward and the read-back in one call, timed as
/// one phase) and the fused Adam.
/// </summary>
internal sealed class StepProfile : IDisposable
{
    /// <summary>The phases, in step order.</summary>
    public static readonly string[] Phases = ["gather", "zero grad", "forward", "loss", "backward", "optimizer", "read-back", "other"];

    private readonly Tensor _features;
    private readonly Tensor _labels;
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Training.Optimization.MlpBackprop? _pass;
    private readonly Training.Regularization.TaskObjective _objective = new(new MulticlassClassificationTask(10), null);
    private readonly optim.Optimizer _optimizer;
    private readonly Generator _dropout = new(2);
    private readonly int _batchSize;

    /// <param name="features">[rows, inputs] float32 features.</param>
    /// <param name="labels">[rows] int64 classes.</param>
    /// <param name="widths">Layer widths, input to output.</param>
    /// <param name="dropoutRate">Dropout after each hidden activation.</param>
    /// <param name="batchSize">Rows per step.</param>
    /// <param name="variant">Which step to time.</param>
    public StepProfile(Tensor features, Tensor labels, int[] widths, double dropoutRate, int batchSize, StepVariant variant)
    {
        _features = features;
        _labels = labels;
        _batchSize = batchSize;
        manual_seed(1);
        bool torchParts = variant == StepVariant.Usual;
        if (variant == StepVariant.Pass)
        {
            var spec = new HiddenLayerSpec(Activation.ReLU, Normalization.None, WeightInitialization.Auto, dropoutRate, false);
            using var init = new Generator(1);
            var mlp = new MlpNetwork(widths[0], widths[1..^1], [.. widths[1..^1].Select(_ => spec)], widths[^1], WeightInitialization.Auto, init, _dropout);
            _network = mlp;
            _pass = Training.Optimization.MlpBackprop.TryCreate(mlp) ?? throw new InvalidOperationException("The default MLP takes the hand-written pass.");
            _optimizer = new Training.Optimization.Fused.Adam(_network.parameters(), DeepMlpDefaults.LearningRate, 0);
            return;
        }
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i + 1 < widths.Length; i++)
        {
            layers.Add(nn.Linear(widths[i], widths[i + 1]));
            if (i + 2 == widths.Length)
                break;
            layers.Add(nn.ReLU());
            layers.Add(torchParts ? new TorchDropout(dropoutRate, _dropout) : new SeededDropout(dropoutRate, _dropout));
        }
        _network = nn.Sequential(layers);
        _optimizer = torchParts
            ? optim.Adam(_network.parameters(), DeepMlpDefaults.LearningRate)
            : new Training.Optimization.Fused.Adam(_network.parameters(), DeepMlpDefaults.LearningRate, 0);
    }

    /// <summary>The pass variant's time per part since <see cref="StartPassBreakdown"/> (null for the other variants, or before).</summary>
    public Training.Optimization.PassPhases? PassBreakdown => _pass?.Phases;

    /// <summary>Starts adding up the pass variant's time per part (no effect on the other variants).</summary>
    public void StartPassBreakdown()
    {
        if (_pass is not null)
            _pass.Phases = new Training.Optimization.PassPhases();
    }

    /// <summary>
    /// Trains one epoch; adds each phase's seconds to <paramref name="seconds"/> (indexed like <see cref="Phases"/>; "other" is
    /// the epoch's wall time outside the phases: the shuffle, opening and disposing each step's scope).
    /// </summary>
    public void TrainEpoch(int seed, double[] seconds)
    {
        var epoch = Stopwatch.StartNew();
        double phases = seconds.Take(Phases.Length - 1).Sum();
        _network.train();
        long rows = _features.shape[0];
        var order = new long[rows];
        for (long i = 0; i < rows; i++)
            order[i] = i;
        new Random(seed).Shuffle(order);
        var clock = new Stopwatch();
        void Lap(int phase)
        {
            seconds[phase] += clock.Elapsed.TotalSeconds;
            clock.Restart();
        }

        for (long start = 0; start < rows; start += _batchSize)
        {
            using var scope = NewDisposeScope();
            clock.Restart();
            var index = tensor(order.AsSpan((int)start, (int)Math.Min(_batchSize, rows - start)).ToArray());
            var x = _features.index_select(0, index);
            var y = _labels.index_select(0, index);
            Lap(0);
            _optimizer.zero_grad();
            Lap(1);
            if (_pass is not null)
            {
                using var weights = ones(y.shape[0]);
                _pass.Backward(new Data.Batch(x, y, weights), _objective, null);
                Lap(4);
                _optimizer.step();
                Lap(5);
                continue;
            }
            var output = _network.call(x);
            Lap(2);
            var loss = nn.functional.cross_entropy(output, y);
            Lap(3);
            loss.backward();
            Lap(4);
            _optimizer.step();
            Lap(5);
            _ = loss.item<float>();
            Lap(6);
        }
        seconds[^1] += epoch.Elapsed.TotalSeconds - (seconds.Take(Phases.Length - 1).Sum() - phases);
    }

    public void Dispose()
    {
        _pass?.Dispose();
        _network.Dispose();
        _optimizer.Dispose();
        _dropout.Dispose();
    }

    /// <summary>Dropout as DeepMlp did it before its managed mask: libtorch's <c>bernoulli_</c> with the fit's generator.</summary>
    private sealed class TorchDropout(double rate, Generator generator) : nn.Module<Tensor, Tensor>(nameof(TorchDropout))
    {
        public override Tensor forward(Tensor input)
        {
            using var mask = empty_like(input).bernoulli_(1 - rate, generator).div_(1 - rate);
            return input * mask;
        }
    }
}

/// <summary>The step a <see cref="StepProfile"/> times.</summary>
internal enum StepVariant
{
    /// <summary>libtorch's dropout mask, autograd, TorchSharp's Adam.</summary>
    Usual,

    /// <summary>Autograd with MLNetDeep's managed dropout mask and fused Adam.</summary>
    Parts,

    /// <summary>MLNetDeep's hand-written pass and fused Adam (what DeepMlp runs on a plain MLP).</summary>
    Pass,
}
