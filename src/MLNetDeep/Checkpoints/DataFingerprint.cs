using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MLNetDeep.Data;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// A readable fingerprint of the prepared data a fit trains on, for checkpoints and run records: the row counts,
/// whether the rows are cached or streamed, and a hash of the standardization, label scaling and class weights
/// (computed from every training row) and of the rows themselves: every row of cached training and validation data
/// (already in memory, so hashing is one pass over it), the first rows of streamed data.
/// </summary>
internal static class DataFingerprint
{
    private const int BatchRows = 4096;
    private const int StreamedRowsHashed = 256;

    public static string Of(TrainingData data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scaling = data.Standardization;
        Append(hash, scaling.Features.Mean);
        Append(hash, scaling.Features.Scale);
        Append(hash, [scaling.LabelOffset, scaling.LabelScale]);
        Append(hash, (data.LossClassWeights ?? []).Select(w => (float)w).ToArray());
        AppendRows(hash, data.Training);
        if (data.Validation is { } validation)
            AppendRows(hash, validation);
        string content = Convert.ToHexString(hash.GetHashAndReset(), 0, 8).ToLowerInvariant();
        string storage = data.Training is CachedBatchSource ? "cached" : "streamed";
        return string.Create(CultureInfo.InvariantCulture,
            $"{data.Training.RowCount} training rows, {(data.Validation?.RowCount ?? 0)} validation rows, {storage}, content {content}");
    }

    /// <summary>Every row of a cached source, the first <see cref="StreamedRowsHashed"/> of a streamed one, in data order.</summary>
    private static void AppendRows(IncrementalHash hash, IBatchSource source)
    {
        bool all = source is CachedBatchSource;
        using var batches = source.GetBatches(all ? BatchRows : StreamedRowsHashed, shuffleSeed: null).GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext())
                break;
            var batch = batches.Current;
            Append(hash, ToFloatArray(batch.Features));
            Append(hash, ToFloatArray(batch.Labels));
            Append(hash, ToFloatArray(batch.Weights));
            if (!all)
                break;
        }
    }

    private static void Append(IncrementalHash hash, float[] values)
    {
        hash.AppendData(BitConverter.GetBytes(values.Length));
        hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
