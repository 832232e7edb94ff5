using MLNetDeep.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Optimization;

[TestClass]
public sealed class ReluDropoutTests
{
    [TestMethod]
    [DataRow(16, true)]
    [DataRow(13, true)]    // not a multiple of the SIMD width: each row has a scalar tail
    [DataRow(13, false)]
    public void Forward_WithBias_IsReluOfTheBiasedProductTimesTheMask(int width, bool withMask)
    {
        using var scope = NewDisposeScope();
        var products = randn([6, width], generator: new Generator(1));
        var bias = randn([width], generator: new Generator(2));
        var mask = withMask ? (rand([6, width], generator: new Generator(3)) > 0.3).to_type(ScalarType.Float32) / 0.7 : null;
        products[2, 3] = tensor(float.NaN);
        var expected = nn.functional.relu(products + bias);
        if (mask is not null)
            expected *= mask;

        var actual = products.clone();
        ReluDropout.Forward(actual, bias, mask);

        Assert.IsTrue(actual.allclose(expected, rtol: 0, atol: 0, equal_nan: true), "the same values, NaN passing as in libtorch's ReLU");
        Assert.IsTrue(float.IsNaN(actual[2, 3].item<float>()));
    }

    [TestMethod]
    public void Forward_WithBias_RejectsShapesThatDoNotMatch()
    {
        using var scope = NewDisposeScope();
        var products = zeros(4, 6);
        Assert.ThrowsExactly<ArgumentException>(() => ReluDropout.Forward(products, zeros(5), null), "a bias narrower than the rows");
        Assert.ThrowsExactly<ArgumentException>(() => ReluDropout.Forward(products, zeros(3), null), "a bias that divides the rows but is not their width");
        Assert.ThrowsExactly<ArgumentException>(() => ReluDropout.Forward(products, zeros(12), null), "a bias two rows wide");
        Assert.ThrowsExactly<ArgumentException>(() => ReluDropout.Forward(products, zeros(6), zeros(4, 5)), "a mask of another size");
    }
}
