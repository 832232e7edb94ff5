using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Native;

/// <summary>
/// Tensor operations with a number, through a native <see cref="Scalar"/> that is disposed at once. TorchSharp 0.107
/// turns a number given to a tensor operation (<c>t * 0.5</c>, <c>t.gt(0)</c>, <c>add_(u, alpha: a)</c>) into a Scalar that
/// only the garbage collector frees (dotnet/TorchSharp#1434), and dispose scopes do not track Scalars. Each is a small
/// native allocation that lives until a collection runs; on a per-batch path that allocates and frees large tensors,
/// glibc places it in the space a freed tensor left, and that space cannot be reused for the next batch's tensor. A
/// forward pass over 1M cached rows in 4096-row batches that did nothing else per batch but <c>gt(0)</c> on the logits
/// grew the process by 1.8 GB (about one freed 8 MB activation per batch) and a second pass by as much again, until a
/// collection ran. Per-batch code uses these instead of operators and methods that take a number; the results are the
/// same to the bit.
/// </summary>
internal static class TensorScalars
{
    /// <summary><paramref name="tensor"/> · <paramref name="factor"/>.</summary>
    public static Tensor Times(this Tensor tensor, double factor) => With(factor, tensor.mul);

    /// <summary><paramref name="tensor"/> − <paramref name="amount"/>.</summary>
    public static Tensor Minus(this Tensor tensor, double amount) => With(amount, tensor.sub);

    /// <summary><paramref name="tensor"/> / <paramref name="divisor"/>.</summary>
    public static Tensor DividedBy(this Tensor tensor, double divisor) => With(divisor, value => tensor.div(value));

    /// <summary>Where <paramref name="tensor"/> is above <paramref name="threshold"/> (an integer, as for counts and logits' sign).</summary>
    public static Tensor GreaterThan(this Tensor tensor, long threshold) => With(threshold, tensor.gt);

    /// <summary>Where <paramref name="tensor"/> is below <paramref name="threshold"/>.</summary>
    public static Tensor LessThan(this Tensor tensor, double threshold) => With(threshold, value => tensor.lt(value));

    /// <summary>Subtracts <paramref name="amount"/> in place.</summary>
    public static Tensor SubtractInPlace(this Tensor tensor, double amount) => With(amount, tensor.sub_);

    /// <summary>Divides by <paramref name="divisor"/> in place.</summary>
    public static Tensor DivideInPlace(this Tensor tensor, double divisor) => With(divisor, value => tensor.div_(value));

    /// <summary>Raises the elements below <paramref name="min"/> to it, in place.</summary>
    public static Tensor ClampMinInPlace(this Tensor tensor, double min) => With(min, tensor.clamp_min_);

    /// <summary>Adds <paramref name="alpha"/> · <paramref name="other"/> in place.</summary>
    public static Tensor AddInPlace(this Tensor tensor, Tensor other, double alpha) => With(alpha, a => tensor.add_(other, a));

    /// <summary>Clamps to [<paramref name="min"/>, <paramref name="max"/>] in place (integer bounds, for keys and unit intervals).</summary>
    public static Tensor ClampInPlace(this Tensor tensor, long min, long max) => With(min, low => With(max, high => tensor.clamp_(low, high)));

    /// <summary>The remainder of division by <paramref name="divisor"/>, in place.</summary>
    public static Tensor RemainderInPlace(this Tensor tensor, long divisor) => With(divisor, value => tensor.remainder_(value));

    /// <summary>Sets the elements where <paramref name="mask"/> is true to <paramref name="fill"/>, in place.</summary>
    public static Tensor FillWhereInPlace(this Tensor tensor, Tensor mask, long fill) => With(fill, value => tensor.masked_fill_(mask, value));

    private static Tensor With(double number, Func<Scalar, Tensor> operation)
    {
        using Scalar value = number;
        return operation(value);
    }

    private static Tensor With(long number, Func<Scalar, Tensor> operation)
    {
        using Scalar value = number;
        return operation(value);
    }
}
