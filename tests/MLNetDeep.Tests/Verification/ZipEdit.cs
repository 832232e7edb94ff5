using System.IO.Compression;
using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Verification;

/// <summary>Builds saved models and edited copies of their zips, as an attacker or a damaged disk would change them.</summary>
internal static class ZipEdit
{
    public const string OnnxEntry = "TransformerChain/Transform_000/OnnxModel";

    /// <summary>A small fitted binary model, its data, and its zip saved with <see cref="MLNetDeepScoring.SaveModel(MLContext, ITransformer, DataViewSchema, Stream, byte[])"/>.</summary>
    public static (ITransformer Model, IDataView Data, byte[] Zip) SavedBinary(MLContext ml, byte[]? key = null, int seed = 1)
    {
        IDataView data = SyntheticData.Binary(ml, 60);
        var model = ml.BinaryClassification.Trainers.DeepMlp(new() { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = seed }).Fit(data);
        using var stream = new MemoryStream();
        MLNetDeepScoring.SaveModel(ml, model, data.Schema, stream, key);
        return (model, data, stream.ToArray());
    }

    /// <summary>The zip with each entry replaced by what <paramref name="edit"/> returns for it (null drops it).</summary>
    public static byte[] Rewrite(byte[] zip, Func<string, byte[], byte[]?> edit, params (string Name, byte[] Bytes)[] added)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry entry in source.Entries)
            {
                if (edit(entry.FullName, Read(entry)) is { } bytes)
                    Write(target, entry.FullName, bytes);
            }
            foreach (var (name, bytes) in added)
                Write(target, name, bytes);
        }
        return output.ToArray();
    }

    /// <summary>The bytes of one entry.</summary>
    public static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return Read(archive.GetEntry(name) ?? throw new ArgumentException($"No entry '{name}'."));
    }

    /// <summary>The zip without its manifest: as plain <c>mlContext.Model.Save</c> writes it.</summary>
    public static byte[] WithoutManifest(byte[] zip) => Rewrite(zip, (name, bytes) => name == "MLNetDeep/Manifest.txt" ? null : bytes);

    /// <summary>Scores of the zip loaded with LoadModel.</summary>
    public static float[] Scores(MLContext ml, byte[] zip, IDataView data, LoadModelOptions? options = null)
    {
        var model = MLNetDeepScoring.LoadModel(ml, new MemoryStream(zip), out _, options);
        return SyntheticData.Scores(model.Transform(data));
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void Write(ZipArchive target, string name, byte[] bytes)
    {
        using var stream = target.CreateEntry(name).Open();
        stream.Write(bytes);
    }
}
