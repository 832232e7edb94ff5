using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using Microsoft.ML;
using MLNetDeep.Scoring;
using Onnx;

namespace MLNetDeep.Tests.Verification;

/// <summary>The routes ML.NET offers around a simple check: Model.bin, the alternative loader signature, other loaders, zip bombs.</summary>
[TestClass]
public sealed class LoaderCheckTests
{
    private const string ChainModel = "TransformerChain/Model.key";
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void AModelBlockNamedModelBin_IsCheckedLikeModelKey()
    {
        byte[] planted = new ContentCheckTests().SavedMapping<ContentCheckTests.PlantedFactory>();
        byte[] renamed = Rename(planted, ChainModel, "TransformerChain/Model.bin");

        StringAssert.StartsWith(Load(renamed).Message, "The model entry 'TransformerChain/Model.bin' uses the CustomMapping contract 'Tests.Planted'");
    }

    [TestMethod]
    public void TheAlternativeLoaderSignature_IsCheckedToo()
    {
        byte[] planted = new ContentCheckTests().SavedMapping<ContentCheckTests.PlantedFactory>();
        byte[] disguised = ZipEdit.Rewrite(planted, (name, bytes) =>
        {
            if (name != ChainModel)
                return bytes;
            byte[] main = Signature("CopyTransform"), alternative = Signature("CustomTransformer");
            main.CopyTo(bytes, 0x50);
            alternative.CopyTo(bytes, 0x68);
            return bytes;
        });

        StringAssert.StartsWith(Load(disguised).Message, $"The model entry '{ChainModel}' uses the CustomMapping contract 'Tests.Planted'");
    }

    [TestMethod]
    public void ALoaderOutsideTheDefaults_IsRefusedUnlessAllowed()
    {
        var (_, data, saved) = ZipEdit.SavedBinary(_ml);
        byte[] zip = ZipEdit.Rewrite(ZipEdit.WithoutManifest(saved), (name, bytes) =>
        {
            if (name == ChainModel)
                Signature("WordEmbeddingsTransform").CopyTo(bytes, 0x68);   // as an alternative: the main one still works
            return bytes;
        });

        StringAssert.StartsWith(Load(zip).Message,
            $"The model entry '{ChainModel}' asks for ML.NET's loader 'WordEmbeddingsTransform', which LoadModel does not run unless it is listed in LoadModelOptions.AllowedLoaderSignatures.");
        var allowed = MLNetDeepScoring.LoadModel(_ml, new MemoryStream(zip), out _, new LoadModelOptions { AllowedLoaderSignatures = ["WordEmbeddingsTransform"] });
        Assert.AreEqual(60, Trainers.SyntheticData.Scores(allowed.Transform(data)).Length);
    }

    [TestMethod]
    public void AnEntryThatUnpacksBeyondTheLimit_IsRefused_NotReadIntoMemory()
    {
        var (_, _, saved) = ZipEdit.SavedBinary(_ml);
        byte[] bomb = ZipEdit.Rewrite(ZipEdit.WithoutManifest(saved), (name, bytes) => name == ChainModel ? new byte[65 << 20] : bytes);

        Assert.AreEqual(
            $"The model entry '{ChainModel}' unpacks to more than 64 MB: refused, no MLNetDeep model has one that large.",
            Load(bomb).Message);
    }

    [TestMethod]
    public void OnnxRuntimeSettingsInTheGraphsMetadata_AreRefused()
    {
        var (_, _, saved) = ZipEdit.SavedBinary(_ml);
        ModelProto model = ModelProto.Parser.ParseFrom(ZipEdit.Entry(saved, ZipEdit.OnnxEntry)[4..]);
        model.MetadataProps.Add(new StringStringEntryProto { Key = "ort_config", Value = "{\"session_options\": {\"enable_profiling\": true}}" });
        byte[] graph = model.ToByteArray();
        byte[] zip = ZipEdit.Rewrite(ZipEdit.WithoutManifest(saved), (name, bytes) => name == ZipEdit.OnnxEntry ? [.. BitConverter.GetBytes(graph.Length), .. graph] : bytes);

        StringAssert.Contains(Load(zip).Message, "carries ONNX Runtime settings ('ort_config' metadata)");
    }

    private InvalidModelException Load(byte[] zip) =>
        Assert.ThrowsExactly<InvalidModelException>(() => MLNetDeepScoring.LoadModel(_ml, new MemoryStream(zip), out _));

    private static byte[] Signature(string text)
    {
        var bytes = new byte[24];
        Encoding.ASCII.GetBytes(text).CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Rename(byte[] zip, string from, string to)
    {
        byte[] content = ZipEdit.Entry(zip, from);
        return ZipEdit.Rewrite(zip, (name, bytes) => name == from ? null : bytes, (to, content));
    }
}
