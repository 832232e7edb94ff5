using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>Sums over validation batches for accuracy or R² (example-weighted).</summary>
internal sealed class MetricAccumulator
{
    private double _weight, _correct, _sse, _sum, _sumSquares;

    public void AddCorrect(Tensor correct, Tensor weights)
    {
        using var c = correct;
        using var cw = c.to_type(ScalarType.Float32) * weights;
        _correct += cw.sum().item<float>();
        _weight += weights.sum().item<float>();
    }

    public void AddRegression(Tensor predicted, Tensor labels, Tensor weights)
    {
        using var error = (predicted - labels).square() * weights;
        _sse += error.sum().item<float>();
        _sum += (labels * weights).sum().item<float>();
        _sumSquares += (labels.square() * weights).sum().item<float>();
        _weight += weights.sum().item<float>();
    }

    public double Accuracy => _weight > 0 ? _correct / _weight : double.NaN;

    public double RSquared
    {
        get
        {
            if (_weight <= 0)
                return double.NaN;
            double mean = _sum / _weight;
            double sst = _sumSquares - (_weight * mean * mean);
            return sst > 0 ? 1 - (_sse / sst) : double.NaN;
        }
    }
}
