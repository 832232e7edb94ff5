using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>The conformance check's own parts fail when they should, so its passing means something.</summary>
[TestClass]
public sealed class ConformanceCheckTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class UnnamedKeyRow
    {
        [VectorType(SyntheticData.FeatureCount)] public float[] Features { get; set; } = [];
        public string Class { get; set; } = "";
        [KeyType(3)] public uint Label { get; set; }
    }

    [TestMethod]
    public void MustFail_AcceptsOnlySchemaErrors()
    {
        var log = new TraitLog();
        log.MustFail("out of range", () => throw new ArgumentOutOfRangeException("x"));
        log.MustFail("invalid operation, wrapped", () => throw new TargetInvocationException(new InvalidOperationException()));
        log.AssertAllPassed();

        log.MustFail("plain argument exception", () => throw new ArgumentException("wrong type"));
        log.MustFail("success", () => null);

        string message = Assert.ThrowsExactly<AssertFailedException>(log.AssertAllPassed).Message;
        StringAssert.Contains(message, "2 of 4 traits failed");
        StringAssert.Contains(message, "plain argument exception: ArgumentException: wrong type");
        StringAssert.Contains(message, "success: AssertFailedException");
    }

    [TestMethod]
    public void AssertSame_ComparesKeyValuesAndHiddenColumns()
    {
        IDataView data = SyntheticData.Multiclass(_ml, 30);
        var upperCase = _ml.Data.LoadFromEnumerable(SyntheticData.Features(30, seed: 1)
            .Select(x => new SyntheticData.ClassRow { Features = x, Class = SyntheticData.ClassRule(x).ToUpperInvariant() }).ToList());
        IDataView otherClasses = _ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(upperCase).Transform(upperCase);
        IDataView hidden = _ml.Transforms.Conversion.MapValueToKey("Class").Fit(data).Transform(data);

        SchemaComparison.AssertSame(data.Schema, SyntheticData.Multiclass(_ml, 30).Schema);
        StringAssert.Contains(Assert.ThrowsExactly<AssertFailedException>(() => SchemaComparison.AssertSame(data.Schema, otherClasses.Schema)).Message, "values of KeyValues of 'Label'");
        StringAssert.Contains(Assert.ThrowsExactly<AssertFailedException>(() => SchemaComparison.AssertSame(data.Schema, hidden.Schema)).Message, "hidden included");
    }

    [TestMethod]
    public void AssertKeepsPromise_FollowsIsCompatibleWith()
    {
        SchemaShape regression = EstimatorConformance.ShapeOf<SyntheticData.RegressionRow>(_ml);
        var shortFeatures = Load(new ConformanceData.ShortFeaturesRow<float> { Features = [1, 2, 3] });
        var doubleFeatures = Load(new ConformanceData.DoubleFeaturesRow<float> { Features = [1, 2, 3, 4] });

        // A shape promises the vector kind, not the size.
        SchemaComparison.AssertKeepsPromise(regression, shortFeatures.Schema);
        StringAssert.Contains(Fails(regression, doubleFeatures.Schema), "item type of Features");
        StringAssert.Contains(Fails(regression, SyntheticData.Binary(_ml, 5).Schema), "visible columns");
        StringAssert.Contains(Fails(EstimatorConformance.ShapeOf<UnnamedKeyRow>(_ml), SyntheticData.Multiclass(_ml, 30).Schema), "annotation KeyValues of 'Label' is delivered but not promised");
    }

    [TestMethod]
    public void AssertSameValues_FindsAnyDifferentValue()
    {
        ViewComparison.AssertSameValues(SyntheticData.Binary(_ml, 20), SyntheticData.Binary(_ml, 20));

        var error = Assert.ThrowsExactly<AssertFailedException>(() => ViewComparison.AssertSameValues(SyntheticData.Binary(_ml, 20), SyntheticData.Binary(_ml, 20, seed: 2)));

        StringAssert.Contains(error.Message, "column 0 'Features' of row 0 (all columns)");
    }

    private static string Fails(SchemaShape promised, DataViewSchema delivered) =>
        Assert.ThrowsExactly<AssertFailedException>(() => SchemaComparison.AssertKeepsPromise(promised, delivered)).Message;

    private IDataView Load<TRow>(TRow row)
        where TRow : class => _ml.Data.LoadFromEnumerable([row]);
}
