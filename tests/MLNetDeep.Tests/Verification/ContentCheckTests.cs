using System.Text;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetDeep.Scoring;
using Onnx;

namespace MLNetDeep.Tests.Verification;

/// <summary>LoadModel reads only what MLNetDeep writes: no external data, no foreign operators, assemblies or contracts.</summary>
[TestClass]
public sealed class ContentCheckTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void ExternalDataReference_IsRefused_BeforeOnnxRuntimeReadsIt()
    {
        byte[] zip = EditGraph(graph =>
        {
            TensorProto weights = graph.Initializer[0];
            weights.RawData = ByteString.Empty;
            weights.FloatData.Clear();
            weights.DataLocation = TensorProto.Types.DataLocation.External;
            weights.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../../tmp/somefile" });
        }, out string initializer);

        Assert.AreEqual(
            $"The ONNX model in '{ZipEdit.OnnxEntry}' asks ONNX Runtime to read initializer '{initializer}' from an external file: "
            + "refused, MLNetDeep.Scoring loads only graphs like those MLNetDeep exports.",
            Load(zip).Message);
    }

    [TestMethod]
    public void OperatorsOutsideTheExportersSet_AreRefused()
    {
        byte[] celu = EditGraph(graph => graph.Node[0].OpType = "Celu", out _);
        byte[] contrib = EditGraph(graph => graph.Node[0].Domain = "com.microsoft", out _);

        StringAssert.Contains(Load(celu).Message, "uses the operator 'Celu', which MLNetDeep's exporter never writes");
        StringAssert.Contains(Load(contrib).Message, "node in domain 'com.microsoft', which MLNetDeep's exporter never writes");
    }

    [TestMethod]
    public void AnAssemblyOutsideMLNet_IsRefused()
    {
        var (_, _, saved) = ZipEdit.SavedBinary(_ml);
        const string Entry = "TransformerChain/Model.key";
        byte[] zip = ZipEdit.Rewrite(ZipEdit.WithoutManifest(saved), (name, bytes) => name == Entry
            ? Replace(bytes, "PublicKeyToken=cc7b13ffcd2ddd51", "PublicKeyToken=b77a5c561934e089")
            : bytes);

        StringAssert.StartsWith(Load(zip).Message,
            $"The model entry '{Entry}' asks ML.NET to load the assembly 'Microsoft.ML.Data, Version=1.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089', which is neither ML.NET's nor MLNetDeep.Scoring.");
    }

    [TestMethod]
    public void ACustomMappingContract_LoadsOnlyWhenAllowed_AndItsFactoryIsNotCreatedOtherwise()
    {
        byte[] planted = SavedMapping<PlantedFactory>();
        byte[] allowed = SavedMapping<AllowedFactory>();

        var refused = Load(planted);

        StringAssert.StartsWith(refused.Message, $"The model entry 'TransformerChain/Model.key' uses the CustomMapping contract '{PlantedFactory.Contract}' (assembly 'MLNetDeep.Tests, ");
        StringAssert.Contains(refused.Message, "add it to LoadModelOptions.AllowedCustomMappingContracts if you trust it");
        Assert.AreEqual(0, PlantedFactory.Created, "a refused zip must not run the contract's factory");
        var model = MLNetDeepScoring.LoadModel(_ml, new MemoryStream(allowed), out _, new LoadModelOptions { AllowedCustomMappingContracts = [AllowedFactory.Contract] });
        float[] doubled = model.Transform(_ml.Data.LoadFromEnumerable(new[] { new Number { Value = 2 } })).GetColumn<float>("Doubled").ToArray();
        Assert.AreEqual(4f, doubled.Single());
    }

    [TestMethod]
    public void AnMLNetDeepContractOutsideMLNetDeepScoring_IsRefused()
    {
        byte[] lookalike = SavedMapping<LookalikeFactory>();
        byte[] impostor = ZipEdit.Rewrite(lookalike, (name, bytes) =>
            name == "TransformerChain/Model.key" ? Replace(bytes, LookalikeFactory.Contract, BinaryHeadMapping.ContractName) : bytes);

        StringAssert.Contains(Load(lookalike).Message, $"uses the CustomMapping contract '{LookalikeFactory.Contract}' (assembly 'MLNetDeep.Tests, ");
        StringAssert.Contains(Load(impostor).Message,
            $"names MLNetDeep's contract '{BinaryHeadMapping.ContractName}' in the assembly 'MLNetDeep.Tests, ");
    }

    [TestMethod]
    public void AnEntryTwice_IsRefused()
    {
        var (_, _, saved) = ZipEdit.SavedBinary(_ml);
        byte[] zip = ZipEdit.Rewrite(ZipEdit.WithoutManifest(saved), (_, bytes) => bytes, ("Schema", [1, 2, 3]));

        Assert.AreEqual("The model entry 'Schema' appears twice in the zip: refused, ML.NET would read only one of them.", Load(zip).Message);
    }

    private InvalidModelException Load(byte[] zip) =>
        Assert.ThrowsExactly<InvalidModelException>(() => MLNetDeepScoring.LoadModel(_ml, new MemoryStream(zip), out _));

    /// <summary>A saved model whose ONNX graph <paramref name="edit"/> changed (no manifest: as plain Model.Save writes it).</summary>
    private byte[] EditGraph(Action<GraphProto> edit, out string firstInitializer)
    {
        var (_, _, saved) = ZipEdit.SavedBinary(_ml);
        ModelProto model = ModelProto.Parser.ParseFrom(ZipEdit.Entry(saved, ZipEdit.OnnxEntry)[4..]);
        firstInitializer = model.Graph.Initializer[0].Name;
        edit(model.Graph);
        byte[] graph = model.ToByteArray();
        return ZipEdit.Rewrite(ZipEdit.WithoutManifest(saved), (name, bytes) => name == ZipEdit.OnnxEntry ? [.. BitConverter.GetBytes(graph.Length), .. graph] : bytes);
    }

    internal byte[] SavedMapping<TFactory>()
        where TFactory : CustomMappingFactory<Number, DoubledRow>, new()
    {
        var factory = new TFactory();
        string contract = typeof(TFactory).GetCustomAttributes(typeof(CustomMappingFactoryAttributeAttribute), false).Cast<CustomMappingFactoryAttributeAttribute>().Single().ContractName;
        IDataView data = _ml.Data.LoadFromEnumerable(new[] { new Number { Value = 1 } });
        var model = _ml.Transforms.CustomMapping(factory.GetMapping(), contract).Fit(data);
        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    internal static byte[] Replace(byte[] bytes, string from, string to)
    {
        byte[] pattern = Encoding.Unicode.GetBytes(from), replacement = Encoding.Unicode.GetBytes(to);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.IsTrue(at >= 0, $"'{from}' is not in the entry");
        replacement.CopyTo(bytes, at);
        return bytes;
    }

    public sealed class Number
    {
        public float Value { get; set; }
    }

    public sealed class DoubledRow
    {
        public float Doubled { get; set; }
    }

    [CustomMappingFactoryAttribute(Contract)]
    public sealed class PlantedFactory : CustomMappingFactory<Number, DoubledRow>
    {
        public const string Contract = "Tests.Planted";
        private static int s_created;

        public PlantedFactory() => Interlocked.Increment(ref s_created);

        public static int Created => Volatile.Read(ref s_created) - 1;   // one made by the test that saves it

        public override Action<Number, DoubledRow> GetMapping() => (input, output) => output.Doubled = 2 * input.Value;
    }

    [CustomMappingFactoryAttribute(Contract)]
    public sealed class AllowedFactory : CustomMappingFactory<Number, DoubledRow>
    {
        public const string Contract = "Tests.Allowed";

        public override Action<Number, DoubledRow> GetMapping() => (input, output) => output.Doubled = 2 * input.Value;
    }

    [CustomMappingFactoryAttribute(Contract)]
    public sealed class LookalikeFactory : CustomMappingFactory<Number, DoubledRow>
    {
        public const string Contract = "MLNetDeep.BinaryHeaX.v1";   // as long as MLNetDeep.BinaryHead.v1, to swap it in

        public override Action<Number, DoubledRow> GetMapping() => (input, output) => output.Doubled = 2 * input.Value;
    }
}
