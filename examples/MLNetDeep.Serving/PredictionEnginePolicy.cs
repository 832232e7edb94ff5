using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace MLNetDeep.Serving;

/// <summary>
/// Creates <see cref="PredictionEngine{TSrc, TDst}"/>s for an <see cref="ObjectPool{T}"/>, all from one shared model.
/// An engine is not thread-safe, so each request borrows one; the model and its ONNX session are shared.
/// </summary>
/// <remarks>
/// The pool disposes the engines it does not keep. A disposed engine disposes its model by default, so the model
/// must survive that: <c>MLNetDeepScoring.LoadModel</c>'s model does (its ONNX session stays open); for a model from
/// plain <c>mlContext.Model.Load</c>, create engines with <c>new PredictionEngineOptions { OwnsTransformer = false }</c>.
/// </remarks>
/// <typeparam name="TInput">The input row class.</typeparam>
/// <typeparam name="TOutput">The prediction class.</typeparam>
internal sealed class PredictionEnginePolicy<TInput, TOutput>(MLContext mlContext, ITransformer model)
    : PooledObjectPolicy<PredictionEngine<TInput, TOutput>>
    where TInput : class
    where TOutput : class, new()
{
    /// <summary>Creates an engine from the shared model.</summary>
    public override PredictionEngine<TInput, TOutput> Create() => mlContext.Model.CreatePredictionEngine<TInput, TOutput>(model);

    /// <summary>An engine keeps no state between predictions, so every engine can go back to the pool.</summary>
    public override bool Return(PredictionEngine<TInput, TOutput> obj) => true;
}
