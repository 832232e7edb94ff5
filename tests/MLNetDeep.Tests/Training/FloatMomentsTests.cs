using MLNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Training;

[TestClass]
public sealed class FloatMomentsTests
{
    private static readonly bool[] AfterFirst = [false, false, true, false];
    private static readonly bool[] AfterSecond = [true, false, true, false];

    [TestMethod]
    [DataRow(0)]
    [DataRow(5)]      // under one vector: the scalar tail alone
    [DataRow(1037)]   // whole vectors and a tail
    public void Sums_AgreeWithLibtorchInDouble(int length)
    {
        using var scope = NewDisposeScope();
        var values = randn([length], generator: new Generator(7)) * 3;
        var moments = FloatMoments.Sums(values.data<float>().ToArray());
        var exact = values.to(ScalarType.Float64);
        Assert.AreEqual(exact.sum().item<double>(), moments.Sum, 1e-9);
        Assert.AreEqual(exact.square().sum().item<double>(), moments.SumOfSquares, 1e-9 * Math.Max(1, length));
        Assert.AreEqual(exact.abs().sum().item<double>(), moments.SumOfAbsolutes, 1e-9 * Math.Max(1, length));
    }

    [TestMethod]
    public void SquaredDistance_AgreesWithLibtorch_AndRefusesUnequalLengths()
    {
        using var scope = NewDisposeScope();
        var a = randn([1037], generator: new Generator(8));
        var b = randn([1037], generator: new Generator(9));
        double expected = (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).square().sum().item<double>();
        Assert.AreEqual(expected, FloatMoments.SquaredDistance(a.data<float>().ToArray(), b.data<float>().ToArray()), 1e-9 * expected);
        Assert.ThrowsExactly<ArgumentException>(() => FloatMoments.SquaredDistance(new float[3], new float[4]));
    }

    [TestMethod]
    public void MarkAboveZero_SetsTheUnitsAboveZeroInAnyRow_AndKeepsEarlierMarks()
    {
        var everAbove = new bool[4];
        FloatMoments.MarkAboveZero([0, -1, 2, float.NaN, -3, 0, -1, 0], everAbove);
        CollectionAssert.AreEqual(AfterFirst, everAbove, "NaN is not above 0");
        FloatMoments.MarkAboveZero([1, 0, 0, 0], everAbove);
        CollectionAssert.AreEqual(AfterSecond, everAbove);
        Assert.ThrowsExactly<ArgumentException>(() => FloatMoments.MarkAboveZero([1, 2, 3], everAbove), "not whole rows");
    }

    [TestMethod]
    [DataRow(new long[] { 37, 11 })]
    [DataRow(new long[] { 9, 4, 6 })]   // TabM: [batch, members, width], a unit per member and width
    public void ActivationTally_ManagedPathAgreesWithTheTensorPath(long[] shape)
    {
        // float32 on the CPU takes the managed passes; the same values in float64 take libtorch's reductions.
        using var scope = NewDisposeScope();
        var activations = (randn(shape, generator: new Generator(10)) - 0.5).relu();
        var managed = new ActivationTally(countDead: true);
        var reference = new ActivationTally(countDead: true);
        managed.Observe(activations);
        reference.Observe(activations.to(ScalarType.Float64));
        Assert.AreEqual(reference.Mean!.Value, managed.Mean!.Value, 1e-6);
        Assert.AreEqual(reference.StandardDeviation!.Value, managed.StandardDeviation!.Value, 1e-6);
        Assert.AreEqual(reference.DeadFraction!.Value, managed.DeadFraction!.Value, 1e-12);
    }
}
