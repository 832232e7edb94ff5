using Google.Protobuf;
using MLNetDeep.Snapshots;
using Onnx;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.Onnx;

/// <summary>
/// Writes an <see cref="EnsembleSnapshot"/> as a standard ONNX model (opset 17, IR version 8): every member's layers
/// from the shared input, then the task's head (<see cref="PredictionTask.WriteOnnxHead"/>), which names the outputs.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The ONNX operator set the exporter writes; LayerNormalization needs at least 17.</summary>
    public const int OpsetVersion = 17;

    /// <summary>The metadata key of the missing-value imputation's description (<see cref="Data.MissingValueImputation.ToMetadata"/>).</summary>
    public const string MissingValuesMetadataKey = "mlnetdeep.missing_values";

    /// <summary>The metadata key present when the network has input embeddings; its value describes them.</summary>
    public const string EmbeddingMetadataKey = "mlnetdeep.embedding";

    /// <summary>The ModelProto's producer name, by which a model zip's DeepMlp part is found.</summary>
    public const string ProducerName = "MLNetDeep";

    /// <param name="ensemble">The trained network(s).</param>
    /// <param name="inputName">The graph input's name: the trainer's feature column name.</param>
    /// <param name="layout">Which outputs the task's head writes.</param>
    /// <param name="runRecord">The fit's run record as JSON, stored as metadata <see cref="MLNetDeep.Scoring.MLNetDeepScoring.RunRecordMetadataKey"/>, or null.</param>
    /// <param name="keyInputs">The categorical key columns, each a uint32 [batch, 1] input whose raw keys follow the features; null or empty for none.</param>
    /// <returns>The serialized ModelProto.</returns>
    public static byte[] Export(EnsembleSnapshot ensemble, string inputName, OnnxHeadLayout layout, string? runRecord = null, IReadOnlyList<string>? keyInputs = null) =>
        BuildModel(ensemble, inputName, layout, runRecord, keyInputs).ToByteArray();

    public static ModelProto BuildModel(EnsembleSnapshot ensemble, string inputName, OnnxHeadLayout layout, string? runRecord = null, IReadOnlyList<string>? keyInputs = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentException.ThrowIfNullOrEmpty(inputName);

        var g = new OnnxGraphBuilder();
        int keys = keyInputs?.Count ?? 0;
        g.Graph.Input.Add(BatchTensor(inputName, DataType.Float, ensemble.FeatureCount - keys));
        string input = inputName;
        if (keys > 0)
        {
            var parts = new List<string> { inputName };
            foreach (string key in keyInputs!)
            {
                g.Graph.Input.Add(BatchTensor(key, DataType.Uint32, 1));
                parts.Add(g.Node("Cast", [key], IntAttribute("to", (long)DataType.Float)));
            }
            input = g.Node("Concat", [.. parts], IntAttribute("axis", 1));
        }
        PredictionTask task = ensemble.Task;
        IReadOnlyList<string> outputs = WriteMembers(g, ensemble, input, OpsetVersion);
        task.WriteOnnxHead(g, outputs, layout);
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = ProducerName,
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? string.Empty,
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        if (ensemble.Imputation is { } described)
            model.MetadataProps.Add(new StringStringEntryProto { Key = MissingValuesMetadataKey, Value = described.ToMetadata() });
        if (ensemble.Members[0].Embedding is { Plan: var plan })
        {
            model.MetadataProps.Add(new StringStringEntryProto
            {
                Key = EmbeddingMetadataKey,
                Value = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"numerical {plan.Numerical}; key columns {string.Join(", ", keyInputs ?? [])} with [{string.Join(", ", plan.Cardinalities)}] keys"),
            });
        }
        if (runRecord is not null)
            model.MetadataProps.Add(new StringStringEntryProto { Key = MLNetDeep.Scoring.MLNetDeepScoring.RunRecordMetadataKey, Value = runRecord });
        return model;
    }

    /// <summary>
    /// Writes the missing-value imputation (when the ensemble has one), the input guard and every member's layers reading
    /// <paramref name="input"/> (float [batch, FeatureCount]) with operators valid at <paramref name="opset"/>; returns
    /// each member's output, ready for the task's head.
    /// </summary>
    internal static IReadOnlyList<string> WriteMembers(OnnxGraphBuilder g, EnsembleSnapshot ensemble, string input, int opset)
    {
        string features = NonFiniteAsNaN(g, ensemble.Imputation is { } imputation ? Impute(g, input, imputation) : input);
        PredictionTask task = ensemble.Task;
        var outputs = new List<string>();
        foreach (NetworkSnapshot member in ensemble.Members)
        {
            string embedded = member.Embedding is { } embedding ? EmbeddingWriter.Write(g, embedding, features) : features;
            int inputWidth = member.Embedding?.Plan.OutputWidth ?? member.InputSize;
            string memberInput = member.HasMemberAxis ? g.Node("Reshape", [embedded, g.Int64Constant("member_axis_shape", [0, 1, -1], 3)]) : embedded;
            (string body, int width) = OnnxLayerWriter.WriteLayers(g, member.Layers, memberInput, inputWidth, opset);
            if (width != task.OutputSize)
                throw new InvalidOperationException($"The {task.Name} head needs {task.OutputSize} network output(s), but the last layer gives {width}.");
            if (!member.HasMemberAxis)
            {
                outputs.Add(body);
                continue;
            }

            // [members, batch, outputs]: one [batch, outputs] value per member, averaged by the head like an ensemble's.
            for (int m = 0; m < member.MemberCount; m++)
                outputs.Add(g.Node("Gather", [body, g.Int64Constant("member_index", [m])], IntAttribute("axis", 0)));
        }

        return outputs;
    }

    /// <summary>
    /// Where(IsNaN(x), replacements, x), then (when some slots had missing values in training) the indicators
    /// Cast(Gather(IsNaN(x), slots, axis 1)) appended: the network's inputs, as <see cref="Data.MissingValueImputation.Apply(TorchSharp.torch.Tensor)"/> computes them.
    /// Infinite values pass through (the guard after it makes them NaN).
    /// </summary>
    private static string Impute(OnnxGraphBuilder g, string input, Data.MissingValueImputation imputation)
    {
        string missing = g.Node("IsNaN", [input]);
        string filled = g.Node("Where", [missing, g.Constant("replacement", imputation.Values, 1, imputation.FeatureCount), input]);
        if (imputation.IndicatorSlots.Length == 0)
            return filled;
        string slots = g.Int64Constant("indicator_slots", [.. imputation.IndicatorSlots.Select(i => (long)i)], imputation.IndicatorSlots.Length);
        string indicators = g.Node("Cast", [g.Node("Gather", [missing, slots], IntAttribute("axis", 1))], IntAttribute("to", (long)DataType.Float));
        return g.Node("Concat", [filled, indicators], IntAttribute("axis", 1));
    }

    /// <summary>
    /// x + 0·x: x itself for every finite value, NaN for an infinite one (∞·0 is NaN), so that a row with an infinite
    /// feature scores NaN, as a row with a NaN feature does, instead of a confident answer from a saturated network.
    /// </summary>
    private static string NonFiniteAsNaN(OnnxGraphBuilder g, string input) =>
        g.Node("Add", [input, g.Node("Mul", [input, g.Scalar("zero", 0f)])]);
}
