using System.Reflection;
using Microsoft.ML;

namespace MLNetDeep.Tests.Context;

/// <summary>Cancels an MLContext the way ML.NET's AutoML stops a trial: through the internal <c>MLContext.CancelExecution</c>.</summary>
internal static class ContextCancellation
{
    public static void Cancel(MLContext mlContext)
    {
        var cancel = typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("MLContext.CancelExecution is gone: update this test and Interop/MLNetInternals.cs.");
        cancel.Invoke(mlContext, null);
    }
}
