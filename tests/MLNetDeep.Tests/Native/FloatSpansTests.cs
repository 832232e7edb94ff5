using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Native;

[TestClass]
public sealed class FloatSpansTests
{
    [TestMethod]
    public void NewTensor_CopiesTheValues_IntoLibtorchsAlignedMemory()
    {
        using var scope = NewDisposeScope();
        var garbage = new List<float[]>();
        for (int length = 1; length <= 40; length++)
        {
            garbage.Add(new float[length % 5]);   // moves the managed allocation point by 8-byte steps
            var values = Enumerable.Range(0, length * 3).Select(i => i * 0.25f).ToArray();
            var t = FloatSpans.NewTensor(values, [length, 3]);
            CollectionAssert.AreEqual(new long[] { length, 3 }, t.shape);
            CollectionAssert.AreEqual(values, t.data<float>().ToArray());
            Assert.AreEqual(0, AddressOf(t) % 64, $"length {length}: libtorch's CPU allocator aligns to 64 bytes");
        }
        GC.KeepAlive(garbage);
    }

    [TestMethod]
    public void NewTensor_CopiesInChunks_AsItMustAboveTwoGigabytes()
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, 35).Select(i => (float)i).ToArray();
        var t = FloatSpans.NewTensor(values, [5, 7], device: null, chunkFloats: 8);   // four whole chunks and a partial one
        CollectionAssert.AreEqual(values, t.data<float>().ToArray());
    }

    [TestMethod]
    public void ToFloatArray_CopiesAnyTensorInRowMajorOrder()
    {
        using var scope = NewDisposeScope();
        var matrix = arange(12, ScalarType.Float32).reshape(3, 4);
        CollectionAssert.AreEqual(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), FloatSpans.ToFloatArray(matrix), "contiguous, two dimensions");
        CollectionAssert.AreEqual(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, FloatSpans.ToFloatArray(matrix.t()), "a transposed view");
        CollectionAssert.AreEqual(new float[] { 1, 5, 9 }, FloatSpans.ToFloatArray(matrix.select(1, 1)), "a strided column");
        CollectionAssert.AreEqual(new float[] { 2, 0, 7 }, FloatSpans.ToFloatArray(tensor(new long[] { 2, 0, 7 })), "int64 values");
        Assert.AreEqual(0.5f, FloatSpans.ToFloatArray(tensor(0.5f)).Single(), "a scalar tensor");
    }

    [TestMethod]
    public void NewTensor_RejectsAShapeOfAnotherSize()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => FloatSpans.NewTensor(new float[6], [4, 2]));
        StringAssert.Contains(error.Message, "A tensor of shape [4, 2] holds 8 values, not 6.");
    }

    private static unsafe long AddressOf(Tensor t)
    {
        fixed (byte* p = t.bytes)
            return (long)p;
    }
}
