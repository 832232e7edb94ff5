using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.PipelineExport;

/// <summary>
/// Writes a fitted pipeline that ends with a DeepMlp step as one ONNX model: ML.NET's converter writes the steps before
/// it (opset 12, with the <c>ai.onnx.ml</c> domain), the network reads their feature tensor at the same opset, and
/// the outputs are the DeepMlp step's columns (<see cref="PipelineOnnxOutputs"/>). Only what the outputs need is kept,
/// so the inputs are the input columns the pipeline reads.
/// </summary>
internal static class PipelineOnnxExporter
{
    /// <summary>The converter's opset, used for the network too when the DeepMlp step comes first.</summary>
    public const int ConverterOpset = 12;

    /// <summary>Builds the model; throws, naming the step, before anything is written when a step cannot be exported.</summary>
    public static byte[] Export(ModelOperationsCatalog catalog, ITransformer model, IDataView inputData)
    {
        PipelineSteps steps = PipelineSteps.Split(model);
        DeepMlpTransformer deepMlp = steps.DeepMlp;
        ModelProto onnx = steps.DeepMlpIndex == 0 ? FeaturesOnly(deepMlp) : ConvertPrefix(catalog, steps, inputData);
        int opset = (int)onnx.OpsetImport.Single(o => o.Domain is "" or "ai.onnx").Version;
        if (opset is < 12 or > 17)
            throw new InvalidOperationException($"ML.NET's converter wrote opset {opset}; the network can be appended at opsets 12 to 17 only. Nothing was written.");
        // Only what the feature tensor needs: the label and unused columns are no inputs, and their names no clash.
        OnnxGraphPruning.KeepWhatOutputsNeed(onnx.Graph);
        // The feature tensor, then (with categorical columns) one key tensor per key column.
        string[] external = [.. onnx.Graph.Output.Select(o => o.Name)];
        string features = external[0];
        onnx.Graph.Output.Clear();

        string valueNamespace = UnusedNamespace(onnx.Graph);
        var g = new OnnxGraphBuilder(valueNamespace, pipelineOperators: true);
        string input = external.Length == 1 ? features : NetworkInput(g, external);
        IReadOnlyList<string> members = OnnxExporter.WriteMembers(g, deepMlp.Network, input, opset);
        PredictionTask task = deepMlp.Task;
        task.WriteOnnxHead(g, members, OnnxHeadLayout.Standalone);
        var head = g.Graph.Output.Select(o => valueNamespace + o.Name).ToList();
        g.Graph.Output.Clear();
        foreach (NodeProto node in g.Graph.Node)
        {
            // The head writes fixed names ("score", …): move them into the namespace too.
            for (int i = 0; i < node.Output.Count; i++)
                node.Output[i] = node.Output[i].StartsWith(valueNamespace, StringComparison.Ordinal) ? node.Output[i] : valueNamespace + node.Output[i];
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (!external.Contains(node.Input[i]) && !node.Input[i].StartsWith(valueNamespace, StringComparison.Ordinal))
                    node.Input[i] = valueNamespace + node.Input[i];
            }
        }

        PipelineOnnxOutputs.Write(g, task, head, deepMlp.ClassNames);
        CheckOutputNamesFree(onnx.Graph, PipelineOnnxOutputs.Names(task));
        onnx.Graph.Node.AddRange(g.Graph.Node);
        onnx.Graph.Initializer.AddRange(g.Graph.Initializer);
        onnx.Graph.Output.AddRange(g.Graph.Output);
        OnnxGraphPruning.KeepWhatOutputsNeed(onnx.Graph);
        onnx.ProducerName = OnnxExporter.ProducerName + ".Pipeline";
        onnx.ProducerVersion = typeof(PipelineOnnxExporter).Assembly.GetName().Version?.ToString() ?? string.Empty;
        return onnx.ToByteArray();
    }

    /// <summary>The steps before DeepMlp, converted with only the feature column as output.</summary>
    private static ModelProto ConvertPrefix(ModelOperationsCatalog catalog, PipelineSteps steps, IDataView inputData)
    {
        string featureColumn = steps.DeepMlp.FeatureColumnName;
        IReadOnlyList<string> keyColumns = steps.DeepMlp.CategoricalColumnNames;
        try
        {
            _ = steps.Prefix.GetOutputSchema(inputData.Schema);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"inputData does not have the columns the pipeline reads ({e.Message}); pass data with the schema the pipeline was "
                + "fitted on (columns used only in training, such as a label's source column, included). Nothing was written.", nameof(inputData), e);
        }

        byte[]? converted;
        try
        {
            converted = OnnxConversion.TryConvert(steps.Prefix, inputData, [featureColumn, .. keyColumns]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw steps.NameUnsupportedStep(inputData, e);
        }

        ModelProto prefix = ModelProto.Parser.ParseFrom(converted ?? throw steps.NameUnsupportedStep(inputData, null));
        // The converter names each output column's value "<column>.output" (and may add slot-name outputs, not needed here).
        ValueInfoProto? output = prefix.Graph.Output.FirstOrDefault(o => o.Name == featureColumn + ".output");
        if (output?.Type.TensorType?.ElemType != (int)DataType.Float)
        {
            throw new InvalidOperationException(
                $"ML.NET's converter did not give the feature column '{featureColumn}' as a float tensor; nothing was written.");
        }

        var keys = keyColumns.Select(key => prefix.Graph.Output.FirstOrDefault(o => o.Name == key + ".output")
            ?? throw new InvalidOperationException($"ML.NET's converter did not give the categorical column '{key}'; nothing was written.")).ToList();
        prefix.Graph.Output.Clear();
        prefix.Graph.Output.Add(output);
        prefix.Graph.Output.AddRange(keys);
        return prefix;
    }

    /// <summary>A graph whose only input is the feature column, for a pipeline whose first step is DeepMlp.</summary>
    private static ModelProto FeaturesOnly(DeepMlpTransformer deepMlp)
    {
        var model = new ModelProto { IrVersion = 7, Graph = new GraphProto { Name = OnnxExporter.ProducerName } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = ConverterOpset });
        ValueInfoProto input = OnnxGraphBuilder.BatchTensor(deepMlp.FeatureColumnName, DataType.Float, deepMlp.InputSize);
        model.Graph.Input.Add(input);
        model.Graph.Output.Add(input.Clone());
        foreach (string key in deepMlp.CategoricalColumnNames)
        {
            ValueInfoProto keyInput = OnnxGraphBuilder.BatchTensor(key, DataType.Uint32, 1);
            model.Graph.Input.Add(keyInput);
            model.Graph.Output.Add(keyInput.Clone());
        }
        return model;
    }

    /// <summary>The network's input: the features, then each key tensor (any integer type, [batch] or [batch, 1]) as a float column.</summary>
    private static string NetworkInput(OnnxGraphBuilder g, string[] external)
    {
        var parts = new List<string> { external[0] };
        foreach (string key in external.Skip(1))
        {
            string column = g.Node("Reshape", [key, g.Int64Constant("key_column", [-1, 1], 2)]);
            parts.Add(g.Node("Cast", [column], OnnxGraphBuilder.IntAttribute("to", (long)DataType.Float)));
        }
        return g.Node("Concat", [.. parts], OnnxGraphBuilder.IntAttribute("axis", 1));
    }

    /// <summary>A prefix for the network's value names that no name in <paramref name="graph"/> starts with.</summary>
    private static string UnusedNamespace(GraphProto graph)
    {
        var names = graph.Node.SelectMany(n => n.Input.Concat(n.Output)).Concat(graph.Input.Select(i => i.Name)).Concat(graph.Initializer.Select(i => i.Name)).ToList();
        string candidate = "MLNetDeep/";
        while (names.Any(n => n.StartsWith(candidate, StringComparison.Ordinal)))
            candidate = "_" + candidate;
        return candidate;
    }

    private static void CheckOutputNamesFree(GraphProto graph, IReadOnlyList<string> outputs)
    {
        var taken = new HashSet<string>(graph.Node.SelectMany(n => n.Output).Concat(graph.Input.Select(i => i.Name)).Concat(graph.Initializer.Select(i => i.Name)), StringComparer.Ordinal);
        string? clash = outputs.FirstOrDefault(taken.Contains);
        if (clash is not null)
        {
            throw new InvalidOperationException(
                $"The input data or a step before DeepMlp already has a value named '{clash}', the name of a DeepMlp output; drop or rename that column before the pipeline. Nothing was written.");
        }
    }
}
