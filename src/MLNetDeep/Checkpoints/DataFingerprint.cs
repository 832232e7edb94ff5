using System.Globalization;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// A readable fingerprint of the prepared data a fit trains on, for checkpoints: the row counts, and a hash of what
/// the whole training set showed (the standardization, label scaling and class weights, computed from every row) and
/// of the first rows in data order. Equal data gives equal fingerprints; other rows almost surely do not.
/// </summary>
internal static class DataFingerprint
{
    private const int RowsHashed = 256;

    public static string Of(TrainingData data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scaling = data.Standardization;
        Append(hash, scaling.Features.Mean);
        Append(hash, scaling.Features.Scale);
        Append(hash, [scaling.LabelOffset, scaling.LabelScale]);
        Append(hash, (data.LossClassWeights ?? []).Select(w => (float)w).ToArray());
        using (NewDisposeScope())
        {
            using var batches = data.Training.GetBatches(RowsHashed, shuffleSeed: null).GetEnumerator();
            if (batches.MoveNext())
            {
                var first = batches.Current;
                Append(hash, first.Features.cpu().data<float>().ToArray());
                Append(hash, first.Labels.to(ScalarType.Float32).cpu().data<float>().ToArray());
                Append(hash, first.Weights.cpu().data<float>().ToArray());
            }
        }
        string content = Convert.ToHexString(hash.GetHashAndReset(), 0, 8).ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture,
            $"{data.Training.RowCount} training rows, {(data.Validation?.RowCount ?? 0)} validation rows, content {content}");
    }

    private static void Append(IncrementalHash hash, float[] values)
    {
        hash.AppendData(BitConverter.GetBytes(values.Length));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
