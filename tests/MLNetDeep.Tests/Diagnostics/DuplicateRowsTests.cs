using MLNetDeep.Diagnostics;

namespace MLNetDeep.Tests.Diagnostics;

/// <summary>The shared duplicate-row finder: exact values, labels compared or not, −0 = +0, NaN = NaN, hash collisions never count.</summary>
[TestClass]
public sealed class DuplicateRowsTests
{
    private static readonly RowSet Reference = new([1, 2, 3, 4, 0, float.NaN, 5, 6], [0, 1, 1, 0], [1, 1, 1, 1], 2);

    [TestMethod]
    public void CountIn_CountsRowsEqualInFeaturesAndLabel()
    {
        var candidates = new RowSet([1, 2, 1, 2, 3, 4, -0f, float.NaN, 5, 7], [0, 0, 0, 1, 0], [1, 1, 1, 1, 1], 2);

        var counts = new DuplicateRows(Reference).CountIn(candidates);

        // (1,2)/0 twice and (−0,NaN)/1 match; (3,4)/0 has another label; (5,7) is new.
        Assert.AreEqual(5, counts.Rows);
        Assert.AreEqual(3, counts.Duplicated);
        Assert.AreEqual(2, counts.Distinct);
        Assert.AreEqual("0, 1, 3", string.Join(", ", counts.Examples));
    }

    [TestMethod]
    public void CountIn_WithoutLabels_MatchesFeatureVectorsOnly()
    {
        var candidates = new RowSet([3, 4], [0], [1], 2);

        Assert.AreEqual(0, new DuplicateRows(Reference).CountIn(candidates).Duplicated);
        Assert.AreEqual(1, new DuplicateRows(Reference, compareLabels: false).CountIn(candidates).Duplicated);
    }

    [TestMethod]
    public void Hash_IgnoresTheSignOfZeroAndSeparatesTheLabel()
    {
        Assert.AreEqual(DuplicateRows.Hash([0f, 1f], 1), DuplicateRows.Hash([-0f, 1f], 1));
        Assert.AreNotEqual(DuplicateRows.Hash([0f, 1f], 1), DuplicateRows.Hash([0f, 1f], 0));
        Assert.AreNotEqual(DuplicateRows.Hash([0f, 1f], null), DuplicateRows.Hash([1f, 0f], null));
    }

    [TestMethod]
    public void CountIn_OtherFeatureCount_IsRefused()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new DuplicateRows(Reference).CountIn(new RowSet([1, 2, 3], [0], [1], 3)));
        StringAssert.StartsWith(e.Message, "The rows have 3 features, the reference rows 2.");
    }
}
