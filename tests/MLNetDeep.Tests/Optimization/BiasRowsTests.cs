using MLNetDeep.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Optimization;

[TestClass]
public sealed class BiasRowsTests
{
    [TestMethod]
    public void Broadcast_WritesTheBiasIntoEveryRow_AsLibtorchsExpandedCopyDoes()
    {
        using var scope = NewDisposeScope();
        var bias = randn([11], generator: new Generator(1));   // not a multiple of the SIMD width
        var matrix = randn([5, 11], generator: new Generator(2));
        BiasRows.Broadcast(bias, matrix);
        Assert.IsTrue(matrix.eq(bias.expand(5, -1)).all().item<bool>());
        Assert.ThrowsExactly<ArgumentException>(() => BiasRows.Broadcast(bias, zeros(11, 5)), "a width other than the bias's");
    }

    [TestMethod]
    public void AddColumnSums_WritesOrAddsTheColumnSums()
    {
        using var scope = NewDisposeScope();
        var matrix = randn([7, 11], generator: new Generator(3));
        var target = full(11, 1f);
        BiasRows.AddColumnSums(matrix, target, add: true);
        Assert.IsTrue(target.allclose(matrix.sum(dim: 0L) + 1, rtol: 1e-5, atol: 1e-6));
        BiasRows.AddColumnSums(matrix, target, add: false);
        Assert.IsTrue(target.allclose(matrix.sum(dim: 0L), rtol: 1e-5, atol: 1e-6));
        Assert.ThrowsExactly<ArgumentException>(() => BiasRows.AddColumnSums(zeros(11, 7), target, add: true), "a width other than the target's");
    }
}
