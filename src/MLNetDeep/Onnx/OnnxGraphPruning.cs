using Onnx;

namespace MLNetDeep.Onnx;

/// <summary>Drops from a graph every node, input, initializer and value description its outputs do not need.</summary>
internal static class OnnxGraphPruning
{
    /// <summary>Walks the nodes (which ONNX keeps in topological order) from the last, keeping those an output needs.</summary>
    public static void KeepWhatOutputsNeed(GraphProto graph)
    {
        var needed = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        for (int i = graph.Node.Count - 1; i >= 0; i--)
        {
            NodeProto node = graph.Node[i];
            if (!node.Output.Any(needed.Contains))
                continue;
            kept.Add(node);
            needed.UnionWith(node.Input.Where(input => input.Length > 0));
        }

        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        Keep(graph.Input, v => needed.Contains(v.Name));
        Keep(graph.Initializer, t => needed.Contains(t.Name));
        Keep(graph.ValueInfo, v => needed.Contains(v.Name));
    }

    private static void Keep<T>(Google.Protobuf.Collections.RepeatedField<T> items, Func<T, bool> keep)
    {
        var kept = items.Where(keep).ToList();
        items.Clear();
        items.AddRange(kept);
    }
}
