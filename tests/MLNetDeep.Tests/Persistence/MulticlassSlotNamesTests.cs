using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.Persistence;

/// <summary>Multiclass Score carries SlotNames: the class names in key order, or Class0… with a note when they cannot be used.</summary>
[TestClass]
public sealed class MulticlassSlotNamesTests
{
    private const string LoneSurrogate = "{lone surrogate}";   // attribute strings are stored as UTF-8 and cannot hold one
    private static readonly string[] ClassIndexNames = ["Class0", "Class1", "Class2"];
    private static readonly string[] SuffixedClassIndexNames = ["Class0_3", "Class1_3", "Class2_3"];
    private readonly MLContext _mlContext = new(seed: 1);

    [TestMethod]
    public void Score_HasTheClassNamesAsSlotNames_InProcessAndAfterSaveAndLoad()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(4));
        IDataView data = TestData.Load(_mlContext, network, TestData.Rows(network));
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        IDataView scored = model.Transform(data);
        IDataView reloaded = SaveAndLoad(model, data).Transform(data);

        CollectionAssert.AreEqual(TestData.ClassNames, SlotNames(scored));
        CollectionAssert.AreEqual(TestData.ClassNames, SlotNames(reloaded));
        Assert.IsEmpty(model.History.Notes);
        ScoredRows.AssertEqual(ScoredRows.Read(scored, "multiclass"), ScoredRows.Read(reloaded, "multiclass"), "reloaded");
        foreach (IDataView output in new[] { scored, reloaded })
        {
            // Only Score and PredictedLabel are added: no class-named or intermediate column is left behind.
            CollectionAssert.AreEqual(
                data.Schema.Where(c => !c.IsHidden).Select(c => c.Name).Append("Score").Append("PredictedLabel").ToArray(),
                output.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray());
        }
    }

    /// <summary>20 classes take two blocks of the ProbabilityBlock adapter (16 + 4): every slot keeps its name and value.</summary>
    [TestMethod]
    public void Score_WithMoreClassesThanOneBlock_KeepsEveryNameAndProbabilityInKeyOrder()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(20), hidden: 12);
        string[] classNames = [.. Enumerable.Range(0, 20).Select(i => $"class {i}")];
        IDataView data = KeyLabelled(network, classNames);
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        IDataView reloaded = SaveAndLoad(model, data).Transform(data);

        CollectionAssert.AreEqual(classNames, SlotNames(model.Transform(data)));
        CollectionAssert.AreEqual(classNames, SlotNames(reloaded));
        float[][] scores = reloaded.GetColumn<float[]>("Score").ToArray();
        float[][] features = data.GetColumn<float[]>(TestData.Features).ToArray();
        for (int i = 0; i < scores.Length; i++)
            Close.Assert(ReferenceForward.Predict(network, features[i]).Score, scores[i], $"row {i} Score");
    }

    [TestMethod]
    public void Evaluate_AcceptsScoreWithSlotNames_InProcessAndAfterSaveAndLoad()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(3));
        IDataView data = TestData.Load(_mlContext, network, TestData.Rows(network, 200));
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        var metrics = _mlContext.MulticlassClassification.Evaluate(model.Transform(data));
        var reloadedMetrics = _mlContext.MulticlassClassification.Evaluate(SaveAndLoad(model, data).Transform(data));

        Assert.IsGreaterThan(0.7, metrics.MicroAccuracy);
        Assert.AreEqual(metrics.MicroAccuracy, reloadedMetrics.MicroAccuracy);
        Assert.AreEqual(metrics.LogLoss, reloadedMetrics.LogLoss, 1e-6);
    }

    [TestMethod]
    [DataRow("cat|A|bird", "class name 'A' is a column of the training data")]
    [DataRow("cat||bird", "the class name of key 1 is empty or white space")]
    [DataRow("cat| |bird", "the class name of key 1 is empty or white space")]
    [DataRow("cat|dog|cat", "class name 'cat' appears more than once")]
    [DataRow("cat|Score|bird", "class name 'Score' is an output column")]
    [DataRow("cat|Label|bird", "class name 'Label' is the label column")]
    [DataRow("cat|MLNetDeep.v1.Probabilities|bird", "class name 'MLNetDeep.v1.Probabilities' starts with 'MLNetDeep.v1.', which MLNetDeep reserves")]
    [DataRow("cat|do\tg|bird", "the class name of key 1 contains control characters")]
    [DataRow("cat|" + LoneSurrogate + "|bird", "the class name of key 1 is not well-formed Unicode text")]
    public void SlotNames_WhenAClassNameIsUnusable_AreClassIndicesWithANote(string classNames, string reason)
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(3));
        IDataView data = KeyLabelled(network, [.. classNames.Split('|').Select(n => n.Replace(LoneSurrogate, "\ud800", StringComparison.Ordinal))]);
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        IDataView scored = model.Transform(data);

        CollectionAssert.AreEqual(ClassIndexNames, SlotNames(scored));
        CollectionAssert.AreEqual(ClassIndexNames, SlotNames(SaveAndLoad(model, data).Transform(data)));
        Assert.HasCount(1, model.History.Notes);
        StringAssert.StartsWith(model.History.Notes[0], $"Score's slots are named Class0…Class2 instead of the class names: {reason}. ");
        Assert.IsNotNull(scored.Schema.GetColumnOrNull("A"), "the training column that a class was named like is kept");
        CollectionAssert.AreEqual(data.GetColumn<float>("A").ToArray(), scored.GetColumn<float>("A").ToArray());
    }

    [TestMethod]
    public void SlotNames_WithoutClassNames_AreClassIndicesWithANote()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(3));
        IDataView data = KeyLabelled(network, classNames: null);
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        IDataView reloaded = SaveAndLoad(model, data).Transform(data);

        CollectionAssert.AreEqual(ClassIndexNames, SlotNames(model.Transform(data)));
        CollectionAssert.AreEqual(ClassIndexNames, SlotNames(reloaded));
        Assert.HasCount(1, model.History.Notes);
        StringAssert.StartsWith(model.History.Notes[0], "Score's slots are named Class0…Class2 instead of the class names: the label has no class names (KeyValues). ");
    }

    [TestMethod]
    public void SlotNames_WhenTheClassIndexNamesAreTakenToo_GetTheFirstFreeSuffix()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(3));
        IDataView keyed = KeyLabelled(network, ["cat", "cat", "dog"]);
        IDataView data = _mlContext.Transforms.CopyColumns("Class1", "A").Append(_mlContext.Transforms.CopyColumns("Class2_2", "A")).Fit(keyed).Transform(keyed);
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        IDataView scored = model.Transform(data);

        CollectionAssert.AreEqual(SuffixedClassIndexNames, SlotNames(scored));
        StringAssert.StartsWith(model.History.Notes.Single(),
            "Score's slots are named Class0_3…Class2_3 instead of the class names: class name 'cat' appears more than once; "
            + "'Class1' is a column of the training data; 'Class2_2' is a column of the training data. ");
    }

    /// <summary>The documented limitation: DropColumns removes every column of a class's name, the input's too.</summary>
    [TestMethod]
    public void Transform_DropsAnInputColumnNamedLikeAClass()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(4));
        IDataView data = TestData.Load(_mlContext, network, TestData.Rows(network));
        using DeepMlpTransformer model = TestData.Transformer(network, data);
        IDataView later = _mlContext.Transforms.CopyColumns("dog", "A").Fit(data).Transform(data);

        IDataView scored = model.Transform(later);

        Assert.IsNull(scored.Schema.GetColumnOrNull("dog"));
        CollectionAssert.AreEqual(TestData.ClassNames, SlotNames(scored));
    }

    [TestMethod]
    public void TrainerOutputSchema_PromisesSlotNamesOnScore()
    {
        var trainer = _mlContext.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 1);
        SchemaShape input = _mlContext.Transforms.Conversion.MapValueToKey("Label", "Class")
            .GetOutputSchema(Trainers.EstimatorConformance.ShapeOf<Trainers.SyntheticData.ClassRow>(_mlContext));

        SchemaShape.Column score = trainer.GetOutputSchema(input).Single(c => c.Name == "Score");

        SchemaShape.Column slotNames = score.Annotations.Single();
        Assert.AreEqual("SlotNames", slotNames.Name);
        Assert.AreEqual(TextDataViewType.Instance, slotNames.ItemType);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, slotNames.Kind);
    }

    private static string[] SlotNames(IDataView scored)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        scored.Schema["Score"].GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    private ITransformer SaveAndLoad(ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        _mlContext.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        return _mlContext.Model.Load(stream, out _);
    }

    /// <summary>Features, a column A and a key Label of the network's class count with the given KeyValues (none when null).</summary>
    private IDataView KeyLabelled(NetworkSnapshot network, string[]? classNames)
    {
        int classCount = ((MulticlassClassificationTask)network.Task).ClassCount;
        var definition = SchemaDefinition.Create(typeof(KeyRow));
        definition[nameof(KeyRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, network.InputSize);
        SchemaDefinition.Column label = definition[nameof(KeyRow.Label)];
        label.ColumnType = new KeyDataViewType(typeof(uint), classCount);
        if (classNames is not null)
        {
            var names = new VBuffer<ReadOnlyMemory<char>>(classCount, [.. classNames.Select(n => n.AsMemory())]);
            label.AddAnnotation("KeyValues", names, new VectorDataViewType(TextDataViewType.Instance, classCount));
        }

        var rows = TestData.Rows(network).Select((r, i) => new KeyRow { Features = r.Features, A = r.A, Label = (uint)(i % classCount) });
        return _mlContext.Data.LoadFromEnumerable(rows, definition);
    }

    private sealed class KeyRow
    {
        public float[] Features { get; set; } = [];
        public float A { get; set; }
        public uint Label { get; set; }
    }
}
