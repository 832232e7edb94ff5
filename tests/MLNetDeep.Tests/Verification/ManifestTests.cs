using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Verification;

/// <summary>SaveModel's manifest: corruption refused, edits refused with a key, stock loading unaffected.</summary>
[TestClass]
public sealed class ManifestTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void SaveModel_LoadsVerified_AndStockLoadIgnoresTheManifest()
    {
        var (model, data, zip) = ZipEdit.SavedBinary(_ml);
        float[] expected = SyntheticData.Scores(model.Transform(data));

        var loaded = MLNetDeepScoring.LoadModel(_ml, new MemoryStream(zip), out var schema);

        CollectionAssert.AreEqual(expected, SyntheticData.Scores(loaded.Transform(data)));
        Assert.AreEqual(0, loaded.LoadWarnings.Count, string.Join("; ", loaded.LoadWarnings));
        Assert.AreEqual(data.Schema.Count, schema.Count);
        CollectionAssert.AreEqual(expected, SyntheticData.Scores(_ml.Model.Load(new MemoryStream(zip), out _).Transform(data)));
        StringAssert.StartsWith(System.Text.Encoding.UTF8.GetString(ZipEdit.Entry(zip, "MLNetDeep/Manifest.txt")), "MLNetDeep model manifest v1\nalgorithm SHA-256\nentry ");
    }

    [TestMethod]
    public void SaveModel_ToAPath_ReplacesTheFile_AndLeavesNoTemporaryFile()
    {
        var (model, data, _) = ZipEdit.SavedBinary(_ml);
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-save-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.zip");
            File.WriteAllText(path, "an older file");
            MLNetDeepScoring.SaveModel(_ml, model, data.Schema, path, Key);

            string[] only = ["model.zip"];
            CollectionAssert.AreEqual(only, Directory.GetFiles(folder).Select(Path.GetFileName).ToArray());
            var loaded = MLNetDeepScoring.LoadModel(_ml, path, out _, new LoadModelOptions { HmacKey = Key });
            CollectionAssert.AreEqual(SyntheticData.Scores(model.Transform(data)), SyntheticData.Scores(loaded.Transform(data)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void LoadModel_EntryChanged_IsRefused_NamingTheEntry()
    {
        var (_, _, zip) = ZipEdit.SavedBinary(_ml);
        byte[] changed = ZipEdit.Rewrite(zip, (name, bytes) =>
        {
            if (name == ZipEdit.OnnxEntry)
                bytes[^1] ^= 1;
            return bytes;
        });

        var e = Assert.ThrowsExactly<InvalidModelException>(() => ZipEdit.Scores(_ml, changed, SyntheticData.Binary(_ml, 5)));
        StringAssert.StartsWith(e.Message, $"The model entry '{ZipEdit.OnnxEntry}' does not match the manifest (");
    }

    [TestMethod]
    public void LoadModel_GraphOfTheSameShapeSwappedIn_IsRefused()
    {
        var (_, _, zip) = ZipEdit.SavedBinary(_ml);
        var (_, _, other) = ZipEdit.SavedBinary(_ml, seed: 2);
        byte[] swapped = ZipEdit.Rewrite(zip, (name, bytes) => name == ZipEdit.OnnxEntry ? ZipEdit.Entry(other, name) : bytes);

        Assert.ThrowsExactly<InvalidModelException>(() => ZipEdit.Scores(_ml, swapped, SyntheticData.Binary(_ml, 5)));
    }

    [TestMethod]
    public void LoadModel_EntryAddedOrRemoved_IsRefused()
    {
        var (_, _, zip) = ZipEdit.SavedBinary(_ml);
        byte[] added = ZipEdit.Rewrite(zip, (_, bytes) => bytes, ("TransformerChain/Extra/Model.key", [1, 2, 3]));
        byte[] removed = ZipEdit.Rewrite(zip, (name, bytes) => name == "TrainingInfo/Version.txt" ? null : bytes);

        Assert.AreEqual(
            "The model entry 'TransformerChain/Extra/Model.key' is not in the manifest: it was added after the model was saved.",
            Assert.ThrowsExactly<InvalidModelException>(() => MLNetDeepScoring.LoadModel(_ml, new MemoryStream(added), out _)).Message);
        Assert.AreEqual(
            "The model entry 'TrainingInfo/Version.txt' is in the manifest but not in the zip: the zip is incomplete.",
            Assert.ThrowsExactly<InvalidModelException>(() => MLNetDeepScoring.LoadModel(_ml, new MemoryStream(removed), out _)).Message);
    }

    [TestMethod]
    public void LoadModel_WithKey_RefusesAWrongKey_AnUnkeyedManifest_AndNoManifest()
    {
        var (_, data, zip) = ZipEdit.SavedBinary(_ml, Key);
        var (_, _, unkeyed) = ZipEdit.SavedBinary(_ml);
        var withKey = new LoadModelOptions { HmacKey = Key };
        byte[] wrongKey = [.. Key.Reverse()];

        CollectionAssert.AreEqual(SyntheticData.Scores(_ml.Model.Load(new MemoryStream(zip), out _).Transform(data)), ZipEdit.Scores(_ml, zip, data, withKey));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidModelException>(() => ZipEdit.Scores(_ml, zip, data, new LoadModelOptions { HmacKey = wrongKey })).Message,
            "signature does not match LoadModelOptions.HmacKey");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidModelException>(() => ZipEdit.Scores(_ml, unkeyed, data, withKey)).Message,
            "not signed with a key");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidModelException>(() => ZipEdit.Scores(_ml, ZipEdit.WithoutManifest(zip), data, withKey)).Message,
            "has no manifest, but LoadModelOptions.HmacKey was given");
    }

    [TestMethod]
    public void LoadModel_KeyedManifestWithoutKey_ChecksEntries_AndWarns()
    {
        var (_, _, zip) = ZipEdit.SavedBinary(_ml, Key);
        var warnings = new List<string>();
        var ml = new MLContext(seed: 1);
        ml.Log += (_, e) =>
        {
            if (e.Source.Contains("LoadModel", StringComparison.Ordinal))
                warnings.Add(e.Message);
        };

        var loaded = MLNetDeepScoring.LoadModel(ml, new MemoryStream(zip), out _);

        StringAssert.Contains(loaded.LoadWarnings.Single(), "deliberate edits are not");
        Assert.IsTrue(warnings.Any(w => w.Contains("deliberate edits are not", StringComparison.Ordinal)), string.Join("; ", warnings));
    }

    [TestMethod]
    public void LoadModel_NoManifest_WarnsOrIsRefusedWhenRequired()
    {
        var (_, data, zip) = ZipEdit.SavedBinary(_ml);
        byte[] plain = ZipEdit.WithoutManifest(zip);

        var loaded = MLNetDeepScoring.LoadModel(_ml, new MemoryStream(plain), out _);

        StringAssert.Contains(loaded.LoadWarnings.Single(), "has no manifest");
        Assert.AreEqual(5, SyntheticData.Scores(loaded.Transform(SyntheticData.Binary(_ml, 5))).Length);
        Assert.AreEqual(
            "The model has no manifest and LoadModelOptions.RequireManifest is set: refused. Save it with MLNetDeepScoring.SaveModel.",
            Assert.ThrowsExactly<InvalidModelException>(() => ZipEdit.Scores(_ml, plain, data, new LoadModelOptions { RequireManifest = true })).Message);
    }

    [TestMethod]
    public void LoadModel_TruncatedOrForeignBytes_GiveInvalidModelException()
    {
        var (_, _, zip) = ZipEdit.SavedBinary(_ml);

        foreach (byte[] bytes in new[] { zip[..(zip.Length / 2)], [], "not a zip"u8.ToArray(), zip[..^1] })
        {
            var e = Assert.ThrowsExactly<InvalidModelException>(() => MLNetDeepScoring.LoadModel(_ml, new MemoryStream(bytes), out _));
            StringAssert.Contains(e.Message, "not a readable zip");
        }
    }

    [TestMethod]
    public void Keys_ShorterThan16Bytes_AreRefusedUpFront()
    {
        var (model, data, _) = ZipEdit.SavedBinary(_ml);

        var save = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MLNetDeepScoring.SaveModel(_ml, model, data.Schema, new MemoryStream(), new byte[8]));
        StringAssert.StartsWith(save.Message, "The HMAC key has 8 bytes; use a secret of at least 16");
        var load = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MLNetDeepScoring.LoadModel(_ml, new MemoryStream(), out _, new LoadModelOptions { HmacKey = new byte[4] }));
        StringAssert.StartsWith(load.Message, "LoadModelOptions.HmacKey has 4 bytes");
    }
}
