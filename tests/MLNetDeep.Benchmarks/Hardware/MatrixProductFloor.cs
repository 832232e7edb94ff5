using System.Diagnostics;
using static TorchSharp.torch;

namespace MLNetDeep.Benchmarks.Hardware;

/// <summary>
/// The floor of an MLP's training epoch: only the matrix products of its forward and backward passes, at the network's
/// shapes, timed back to back with the same libtorch and threads. Per batch of B rows and each linear layer i (inputs
/// nᵢ, outputs mᵢ): the forward product [B, nᵢ]·[nᵢ, mᵢ], the weight gradient [mᵢ, B]·[B, nᵢ] and, for every layer but
/// the first, the input gradient [B, mᵢ]·[mᵢ, nᵢ]. Inputs are random and reused, so the floor is the products' best case.
/// </summary>
internal sealed class MatrixProductFloor : IDisposable
{
    private readonly int[] _widths;
    private readonly long _rows;
    private readonly int _batchSize;
    private readonly List<Tensor> _tensors = [];

    /// <param name="widths">Layer widths from the input to the output, e.g. [784, 256, 256, 10].</param>
    /// <param name="rows">Rows per epoch.</param>
    /// <param name="batchSize">Rows per step (the last step takes the rest).</param>
    /// <param name="device">Where the products run (default: the CPU).</param>
    /// <param name="type">Their element type (default float32).</param>
    public MatrixProductFloor(int[] widths, long rows, int batchSize, Device? device = null, ScalarType type = ScalarType.Float32)
    {
        _widths = widths;
        _rows = rows;
        _batchSize = batchSize;
        _device = device ?? CPU;
        using var generator = new Generator(1);
        Tensor Random(long[] shape) => randn(shape, generator: generator).to(type).to(_device);
        for (int i = 0; i + 1 < widths.Length; i++)
        {
            _tensors.Add(Random([widths[i + 1], widths[i]]));   // weights [out, in]
            _tensors.Add(Random([batchSize, widths[i]]));       // layer input [B, in]
            _tensors.Add(Random([batchSize, widths[i + 1]]));   // output gradient [B, out]
        }
    }

    private readonly Device _device;

    /// <summary>Floating-point operations of one epoch's products (2 per multiply-add).</summary>
    public double FlopsPerEpoch
    {
        get
        {
            double perRow = 0;
            for (int i = 0; i + 1 < _widths.Length; i++)
                perRow += 2.0 * _widths[i] * _widths[i + 1] * (i == 0 ? 2 : 3);
            return perRow * _rows;
        }
    }

    /// <summary>Runs one epoch of the products and returns its time in seconds.</summary>
    public double TimeEpoch()
    {
        var clock = Stopwatch.StartNew();
        for (long start = 0; start < _rows; start += _batchSize)
        {
            long rows = Math.Min(_batchSize, _rows - start);
            using var scope = NewDisposeScope();
            for (int i = 0; i + 1 < _widths.Length; i++)
            {
                var weights = _tensors[3 * i];
                var input = _tensors[(3 * i) + 1].narrow(0, 0, rows);
                var outputGradient = _tensors[(3 * i) + 2].narrow(0, 0, rows);
                _ = input.mm(weights.t());
                _ = outputGradient.t().mm(input);
                if (i > 0)
                    _ = outputGradient.mm(weights);
            }
        }
        if (_device.type == TorchSharp.DeviceType.CUDA)
            cuda.synchronize(_device);
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        foreach (var t in _tensors)
            t.Dispose();
    }
}
