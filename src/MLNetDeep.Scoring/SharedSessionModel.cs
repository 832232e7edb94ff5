using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// A loaded MLNetDeep model (from <see cref="MLNetDeepScoring.LoadModel(MLContext, string, out DataViewSchema)"/>)
    /// whose ONNX Runtime session survives every dispose: disposing a <c>PredictionEngine</c> (which by default disposes
    /// the model it was created from) or this object leaves the model usable by every other engine and by
    /// <see cref="Transform"/>. The session is freed when the garbage collector reclaims the model, after the last
    /// engine that uses it is gone.
    /// </summary>
    /// <remarks>
    /// Plain <c>mlContext.Model.Load</c> returns ML.NET's <c>TransformerChain</c>, whose <c>OnnxTransformer</c> closes its
    /// one session, shared by all engines and views, when the chain is disposed: create engines from it with
    /// <c>new PredictionEngineOptions { OwnsTransformer = false }</c>, or use this type.
    /// Saving this model saves the chain it wraps; enumerating it gives that chain's transformers.
    /// </remarks>
    public sealed class SharedSessionModel : ITransformer, IDisposable, IEnumerable<ITransformer>
    {
        private readonly ITransformer _model;

        /// <summary>Wraps a loaded model.</summary>
        /// <param name="model">The model <c>mlContext.Model.Load</c> returned.</param>
        public SharedSessionModel(ITransformer model)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
        }

        /// <summary>The wrapped model, as <c>mlContext.Model.Load</c> returned it. Do not dispose it while the model is in use.</summary>
        public ITransformer Model => _model;

        /// <inheritdoc/>
        public bool IsRowToRowMapper => _model.IsRowToRowMapper;

        /// <inheritdoc/>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _model.GetOutputSchema(inputSchema);

        /// <inheritdoc/>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _model.GetRowToRowMapper(inputSchema);

        /// <inheritdoc/>
        public IDataView Transform(IDataView input) => _model.Transform(input);

        /// <summary>Does not close the session (see the type's remarks); the garbage collector frees it.</summary>
        public void Dispose()
        {
        }

        /// <summary>The wrapped chain's transformers, in order (the model itself when it is not a chain).</summary>
        public IEnumerator<ITransformer> GetEnumerator() =>
            (_model as IEnumerable<ITransformer> ?? new[] { _model }).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        void ICanSaveModel.Save(ModelSaveContext ctx) => _model.Save(ctx);
    }
}
