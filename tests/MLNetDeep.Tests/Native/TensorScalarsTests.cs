using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Native;

/// <summary>Each operation with a disposed Scalar gives the same bits as TorchSharp's operator or method with a number.</summary>
[TestClass]
public sealed class TensorScalarsTests
{
    [TestMethod]
    public void Operations_MatchTorchSharpsOwn_ToTheBit()
    {
        using var scope = NewDisposeScope();
        var x = randn(64, 5, generator: new Generator(7));
        var other = randn(64, 5, generator: new Generator(8));
        double lambda = 0.3141592653589793;

        Same(x * lambda, x.Times(lambda), "Times");
        Same(x * (1 - lambda), x.Times(1 - lambda), "Times (1 − λ)");
        Same(x / 0.7, x.DividedBy(0.7), "DividedBy");
        Same(x - Math.Log(3), x.Minus(Math.Log(3)), "Minus");
        Same(x.abs().sum().clamp_min(1e-12), x.abs().sum().ClampMinInPlace(1e-12), "ClampMinInPlace");
        Same(zeros(3).clamp_min(1e-12), zeros(3).ClampMinInPlace(1e-12), "ClampMinInPlace at the bound");
        Same(x.gt(0), x.GreaterThan(0), "GreaterThan");
        Same(x.lt(0.25), x.LessThan(0.25), "LessThan");
        Same(x.clone().sub_(0.125f).div_(3.5f), x.clone().SubtractInPlace(0.125f).DivideInPlace(3.5f), "SubtractInPlace, DivideInPlace");
        Same(x.clone().add_(other, alpha: 0.37), x.clone().AddInPlace(other, 0.37), "AddInPlace");
        Same(x.clone().clamp_(0, 1), x.clone().ClampInPlace(0, 1), "ClampInPlace on floats");

        var keys = tensor(new long[] { -3, 0, 4, 9, 12 });
        Same(keys.clone().clamp_(0, 10).remainder_(10), keys.clone().ClampInPlace(0, 10).RemainderInPlace(10), "keys clamped and wrapped");
        var mask = keys.gt(5);
        Same(keys.clone().masked_fill_(mask, 0), keys.clone().FillWhereInPlace(mask, 0), "FillWhereInPlace");
        CollectionAssert.AreEqual(new long[] { 0, 0, 4, 9, 0 }, keys.clone().ClampInPlace(0, 10).RemainderInPlace(10).data<long>().ToArray());
    }

    private static void Same(Tensor expected, Tensor actual, string what)
    {
        Assert.AreEqual(expected.dtype, actual.dtype, what);
        CollectionAssert.AreEqual(expected.shape, actual.shape, what);
        CollectionAssert.AreEqual(expected.contiguous().bytes.ToArray(), actual.contiguous().bytes.ToArray(), $"{what}: the bytes differ");
    }
}
