using Google.Protobuf;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Refuses an ONNX model that asks ONNX Runtime for more than MLNetDeep's exporter writes: operators outside
    /// <see cref="OnnxOperatorSet"/> or outside the default domain, external data (an initializer that names a file to
    /// read), sparse initializers, subgraphs and tensor attributes, model-local functions and training information.
    /// It walks the protobuf wire format (<see cref="ProtoFields"/>), so it needs no ONNX classes.
    /// </summary>
    internal static class OnnxGraphCheck
    {
        // ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto and OperatorSetIdProto field numbers (onnx.proto3).
        private const int ModelOpsetImport = 8, ModelGraph = 7, ModelMetadata = 14, ModelTrainingInfo = 20, ModelFunctions = 25;
        private const int EntryKey = 1;
        private const string RuntimeConfigKey = "ort_config";   // session options ONNX Runtime may apply from the model
        private const int GraphNode = 1, GraphInitializer = 5, GraphSparseInitializer = 15;
        private const int NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
        private const int OpsetDomain = 1;
        private const int AttributeName = 1, AttributeTensor = 5, AttributeGraph = 6, AttributeTensors = 10, AttributeGraphs = 11,
            AttributeSparseTensor = 22, AttributeSparseTensors = 23;
        private const int TensorName = 8, TensorExternalData = 13, TensorDataLocation = 14;

        public static void Check(byte[] model, string entryName)
        {
            var fields = new ProtoFields(entryName);
            try
            {
                int graphs = 0;
                fields.Walk(model, field =>
                {
                    switch (field.Number)
                    {
                        case ModelGraph: graphs++; CheckGraph(fields, field.Message()); return true;
                        case ModelOpsetImport: CheckDomain(fields.Text(field.Message(), OpsetDomain), "imports the operator set of domain", entryName); return true;
                        case ModelMetadata:
                            if (fields.Text(field.Message(), EntryKey) == RuntimeConfigKey)
                                throw Refused(entryName, $"carries ONNX Runtime settings ('{RuntimeConfigKey}' metadata)");
                            return true;
                        case ModelTrainingInfo: throw Refused(entryName, "carries training information");
                        case ModelFunctions: throw Refused(entryName, "defines its own functions");
                        default: return false;
                    }
                });
                if (graphs == 0)
                    throw Refused(entryName, "has no graph");
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new InvalidModelException($"The ONNX model in '{entryName}' cannot be read ({e.Message}): the zip is damaged.", e);
            }
        }

        private static void CheckGraph(ProtoFields fields, byte[] graph) => fields.Walk(graph, field =>
        {
            switch (field.Number)
            {
                case GraphNode: CheckNode(fields, field.Message()); return true;
                case GraphInitializer: CheckTensor(fields, field.Message()); return true;
                case GraphSparseInitializer: throw Refused(fields.EntryName, "has a sparse initializer");
                default: return false;
            }
        });

        private static void CheckNode(ProtoFields fields, byte[] node)
        {
            string opType = "", domain = "";
            fields.Walk(node, field =>
            {
                switch (field.Number)
                {
                    case NodeOpType: opType = field.Text(); return true;
                    case NodeDomain: domain = field.Text(); return true;
                    case NodeAttribute: CheckAttribute(fields, field.Message()); return true;
                    default: return false;
                }
            });
            CheckDomain(domain, $"has a '{opType}' node in domain", fields.EntryName);
            if (!OnnxOperatorSet.Contains(opType))
                throw Refused(fields.EntryName, $"uses the operator '{opType}', which MLNetDeep's exporter never writes");
        }

        private static void CheckAttribute(ProtoFields fields, byte[] attribute)
        {
            string name = fields.Text(attribute, AttributeName);
            fields.Walk(attribute, field => field.Number switch
            {
                AttributeGraph or AttributeGraphs => throw Refused(fields.EntryName, $"has a subgraph in attribute '{name}'"),
                AttributeTensor or AttributeTensors or AttributeSparseTensor or AttributeSparseTensors
                    => throw Refused(fields.EntryName, $"has a tensor in attribute '{name}'"),
                _ => false,
            });
        }

        private static void CheckTensor(ProtoFields fields, byte[] tensor)
        {
            string name = fields.Text(tensor, TensorName);
            fields.Walk(tensor, field =>
            {
                if (field.Number == TensorExternalData || (field.Number == TensorDataLocation && field.Varint() != 0))
                    throw Refused(fields.EntryName, $"asks ONNX Runtime to read initializer '{name}' from an external file");
                return field.Number == TensorDataLocation;
            });
        }

        private static void CheckDomain(string domain, string what, string entryName)
        {
            if (domain.Length != 0 && domain != "ai.onnx")
                throw Refused(entryName, $"{what} '{domain}', which MLNetDeep's exporter never writes");
        }

        private static InvalidModelException Refused(string entryName, string what) =>
            new InvalidModelException($"The ONNX model in '{entryName}' {what}: refused, MLNetDeep.Scoring loads only graphs like those MLNetDeep exports.");
    }
}
