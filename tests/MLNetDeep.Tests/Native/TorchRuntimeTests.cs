using MLNetDeep.Native;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace MLNetDeep.Tests.Native;

[TestClass]
public sealed class TorchRuntimeTests
{
    [TestMethod]
    public void EnsureAvailable_FromManyThreads_LoadsLibTorchOnce()
    {
        Parallel.For(0, 8, _ => TorchRuntime.EnsureAvailable());

        using torch.Tensor ones = torch.ones(3);
        Assert.AreEqual(3f, ones.sum().item<float>());
    }

    [TestMethod]
    public void DescribeLoadFailure_WrappedTorchSharpError_KeepsOnlyFirstLineOfInnermostMessage()
    {
        var error = new TypeInitializationException(
            "TorchSharp.torch",
            new NotSupportedException("The libtorch native library could not be loaded.\nTrace:\n  tried /a/libtorch.so\n  tried /b/libtorch.so"));

        Assert.AreEqual(
            "TorchSharp could not load its native libraries: The libtorch native library could not be loaded. Make sure the " +
            "application references TorchSharp-cpu (the default) or, with -p:TorchBackend=cuda, the TorchSharp-cuda package " +
            "for this OS, and that its runtimes folder was copied next to the application.",
            TorchRuntime.DescribeLoadFailure(error));
    }
}
