using System.IO.Compression;
using System.Text.Json;
using Google.Protobuf;
using MLNetDeep.Onnx;
using MLNetDeep.Scoring;
using Onnx;

namespace MLNetDeep.Models;

/// <summary>
/// Reads a <see cref="DeepMlpModelSummary"/> back from a model zip: finds the ML.NET <c>OnnxModel</c> entry (a 4-byte
/// little-endian length, then the ONNX ModelProto) whose graph MLNetDeep exported, splits the graph into ensemble
/// members (each starts with a Gemm reading the graph input and ends with its output Gemm; the task's head follows the
/// last member) and reads each member's layers from its nodes in the order <see cref="OnnxLayerWriter"/> writes them.
/// </summary>
internal static class OnnxSummaryReader
{
    private const string EntryName = "OnnxModel";

    /// <param name="zip">The model zip; it stays open.</param>
    /// <param name="source">Where the zip came from, for messages (a quoted path, or "in the stream").</param>
    public static DeepMlpModelSummary Read(Stream zip, string source)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        var entries = archive.Entries.Where(e => e.Name == EntryName).OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
        foreach (ZipArchiveEntry entry in entries)
        {
            ModelProto model = ReadModel(entry);
            if (model.ProducerName == OnnxExporter.ProducerName)
                return Summarize(model, $"'{entry.FullName}'");
        }

        string found = entries.Count == 0
            ? $"it has no '{EntryName}' entry (no ONNX transform)"
            : $"its {string.Join(", ", entries.Select(e => $"'{e.FullName}'"))} {(entries.Count == 1 ? "was" : "were")} written by another producer";
        throw new InvalidDataException(
            $"The model zip {source} has no DeepMlp part: looked for an '{EntryName}' entry whose ONNX graph has producer '{OnnxExporter.ProducerName}', but {found}. "
            + "Save the model a DeepMlp trainer's Fit returned (or a pipeline ending in it) with mlContext.Model.Save.");
    }

    private static ModelProto ReadModel(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = new BinaryReader(stream);
        int length = reader.ReadInt32();
        if (length < 0 || length != entry.Length - 4)
            throw new InvalidDataException($"The model entry '{entry.FullName}' is not an ML.NET OnnxModel entry ({entry.Length} bytes, length field {length}).");
        try
        {
            return ModelProto.Parser.ParseFrom(reader.ReadBytes(length));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"The model entry '{entry.FullName}' does not hold an ONNX model: {e.Message}", e);
        }
    }

    private static DeepMlpModelSummary Summarize(ModelProto model, string entry)
    {
        GraphProto graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        string input = graph.Input.FirstOrDefault(i => !initializers.ContainsKey(i.Name))?.Name
            ?? throw new InvalidDataException($"The ONNX graph in {entry} has no input.");
        var nodes = graph.Node.ToList();
        int features = (int)(graph.Input.First(i => i.Name == input).Type.TensorType.Shape.Dim.LastOrDefault()?.DimValue ?? 0);
        MissingValuesPart? missing = nodes.Any(n => n.OpType == "IsNaN" && n.Input[0] == input)
            ? new(features, Data.MissingValueImputation.FromMetadata(model.MetadataProps.FirstOrDefault(p => p.Key == OnnxExporter.MissingValuesMetadataKey)?.Value ?? string.Empty))
            : null;
        input = GuardedInput(nodes, input);
        var starts = nodes.Select((node, i) => (node, i)).Where(n => n.node.OpType == "Gemm" && n.node.Input[0] == input).Select(n => n.i).ToList();
        int lastGemm = nodes.FindLastIndex(node => node.OpType == "Gemm");
        if (model.MetadataProps.Any(p => p.Key == OnnxExporter.EmbeddingMetadataKey))
            throw new NotSupportedException($"The ONNX graph in {entry} has input embeddings, whose summary cannot be read back from a saved model yet; "
                + "take it from the fitted transformer (model.LastTransformer.Model.GetModelSummary()) before saving.");
        if (nodes.Any(n => n.OpType == "MatMul"))
            throw new NotSupportedException($"The ONNX graph in {entry} is a TabM network, whose summary cannot be read back from a saved model yet; "
                + "take it from the fitted transformer (model.LastTransformer.Model.GetModelSummary()) before saving.");
        if (starts.Count == 0)
            throw new InvalidDataException($"The ONNX graph in {entry} has no Gemm node reading its input '{input}': it is not a DeepMlp network.");

        var recorded = RecordedOptions(model);
        var members = new List<List<LayerSummary>>();
        for (int m = 0; m < starts.Count; m++)
        {
            int end = m + 1 < starts.Count ? starts[m + 1] : lastGemm + 1;
            var layers = OnnxMemberReader.Layers(nodes.GetRange(starts[m], end - starts[m]), initializers, recorded, entry);
            if (m > 0 && !layers.SequenceEqual(members[0]))
                throw new InvalidDataException($"The ONNX graph in {entry} has ensemble members of different architectures (member {m} differs from member 0).");
            members.Add(layers);
        }
        return new DeepMlpModelSummary(members[0][0].InputSize, members[0], members.Count, members.Sum(layers => layers.Sum(l => l.ParameterCount)), missing);
    }

    /// <summary>
    /// What the members read: the output of the exporter's input guard (a + 0·a, which turns infinities into NaN; a is the
    /// input, or the missing-value imputation's output) when the graph has one, else the input itself (models saved before the guard).
    /// </summary>
    private static string GuardedInput(List<NodeProto> nodes, string input)
    {
        var zeroTimes = nodes.Where(n => n.OpType == "Mul" && n.Input.Count == 2).ToDictionary(n => n.Output[0], n => n.Input[0], StringComparer.Ordinal);
        NodeProto? guard = nodes.FirstOrDefault(n => n.OpType == "Add" && n.Input.Count == 2
            && zeroTimes.TryGetValue(n.Input[1], out string? scaled) && scaled == n.Input[0]);
        return guard?.Output[0] ?? input;
    }

    /// <summary>The options of the run record saved in the graph's metadata, or null when there is none (or it is unreadable).</summary>
    private static IReadOnlyDictionary<string, string>? RecordedOptions(ModelProto model)
    {
        string? json = model.MetadataProps.FirstOrDefault(p => p.Key == MLNetDeepScoring.RunRecordMetadataKey)?.Value;
        if (json is null)
            return null;
        try
        {
            return RunRecord.Parse(json).Options;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
