using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;

namespace MLNetDeep.Tests.Examples;

/// <summary>What the examples share (examples/Shared): the option parsers and Spambase with its label mapped up front.</summary>
[TestClass]
public sealed class ExampleSharedTests
{
    [TestMethod]
    public void Text_ReturnsTheFallbackWhenAbsent_AndTheListedSpellingOfAnAllowedValue()
    {
        Assert.AreEqual("tpe", ExampleOptions.Text(["--trials", "3"], "--method", "tpe", "grid", "random", "tpe"));
        Assert.AreEqual("random", ExampleOptions.Text(["--method", "RANDOM"], "--method", "tpe", "grid", "random", "tpe"));
        Assert.AreEqual("results/run1", ExampleOptions.Text(["--out", "results/run1", "--trials", "3"], "--out", "out"));
    }

    [TestMethod]
    public void Text_ValueNotAllowedOrMissing_ThrowsNamingTheChoices()
    {
        var refused = Assert.ThrowsExactly<ArgumentException>(() => ExampleOptions.Text(["--pruning", "median"], "--pruning", "sh", "none", "sh", "hyperband"));
        Assert.AreEqual("--pruning needs one of none, sh, hyperband, for example --pruning sh.", refused.Message);
        var missing = Assert.ThrowsExactly<ArgumentException>(() => ExampleOptions.Text(["--out", "--trials", "3"], "--out", "out"));
        Assert.AreEqual("--out needs a value, for example --out out.", missing.Message);
    }

    [TestMethod]
    public void Integer_ReturnsTheFallbackWhenAbsent_AndTheWholeNumberGiven()
    {
        Assert.AreEqual(40, ExampleOptions.Integer(["--all"], "--epochs", 40));
        Assert.AreEqual(3, ExampleOptions.Integer(["--all", "--epochs", "3"], "--epochs", 40));
    }

    [TestMethod]
    public void Integer_FractionZeroOrMissingValue_ThrowsAskingForAWholeNumber()
    {
        foreach (string[] args in new[] { new[] { "--epochs", "0.5" }, ["--epochs", "2.0"], ["--epochs", "0"], ["--epochs", "-3"], ["--epochs"] })
        {
            var refused = Assert.ThrowsExactly<ArgumentException>(() => ExampleOptions.Integer(args, "--epochs", 40), string.Join(" ", args));
            Assert.AreEqual("--epochs needs a positive whole number, for example --epochs 40.", refused.Message);
        }
        Assert.AreEqual(0.5, ExampleOptions.Number(["--sample", "0.5"], "--sample", 1));
    }

    [TestMethod]
    public void SpambaseWithLabel_HasABooleanLabelForEveryRow_BesideTheRawFeatures()
    {
        var ml = new MLContext(seed: 1);

        var data = BundledDatasets.SpambaseWithLabel(ml);

        Assert.AreEqual(57, ((VectorDataViewType)data.Schema["Raw"].Type).Size);
        var labels = data.GetColumn<bool>("Label").ToList();
        Assert.AreEqual(4601, labels.Count);
        Assert.AreEqual(1813, labels.Count(l => l));
    }
}
