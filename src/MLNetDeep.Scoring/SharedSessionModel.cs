using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// A loaded MLNetDeep model (from <see cref="MLNetDeepScoring.LoadModel(MLContext, string, out DataViewSchema, LoadModelOptions?)"/>)
    /// whose ONNX Runtime session survives every dispose: disposing a <c>PredictionEngine</c> (which by default disposes
    /// the model it was created from) or this object leaves the model usable by every other engine and by
    /// <see cref="Transform"/>. The session is freed when the garbage collector reclaims the model, after the last
    /// engine that uses it is gone; <see cref="ReleaseSession"/> frees it (and the temporary model file ML.NET wrote)
    /// at once.
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
        private volatile bool _released;

        /// <summary>Wraps a loaded model.</summary>
        /// <param name="model">The model <c>mlContext.Model.Load</c> returned.</param>
        public SharedSessionModel(ITransformer model)
            : this(model, Array.Empty<string>())
        {
        }

        internal SharedSessionModel(ITransformer model, IReadOnlyList<string> loadWarnings)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            LoadWarnings = loadWarnings;
        }

        /// <summary>
        /// What <c>LoadModel</c> warned about (also written to <c>mlContext.Log</c>): a zip without a manifest, or a keyed
        /// manifest loaded without its key. Empty for a fully verified model.
        /// </summary>
        public IReadOnlyList<string> LoadWarnings { get; }

        /// <summary>The wrapped model, as <c>mlContext.Model.Load</c> returned it. Do not dispose it while the model is in use.</summary>
        public ITransformer Model => _model;

        /// <inheritdoc/>
        public bool IsRowToRowMapper => _model.IsRowToRowMapper;

        /// <inheritdoc/>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Live.GetOutputSchema(inputSchema);

        /// <inheritdoc/>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Live.GetRowToRowMapper(inputSchema);

        /// <inheritdoc/>
        public IDataView Transform(IDataView input) => Live.Transform(input);

        /// <summary>Does not close the session (see the type's remarks); call <see cref="ReleaseSession"/> for that.</summary>
        public void Dispose()
        {
        }

        /// <summary>
        /// Closes the ONNX Runtime session and deletes the temporary model file ML.NET wrote for it. Call it when the
        /// model, and every engine and data view created from it, is no longer used; afterwards scoring and saving throw
        /// <see cref="ObjectDisposedException"/>.
        /// </summary>
        public void ReleaseSession()
        {
            _released = true;
            (_model as IDisposable)?.Dispose();
        }

        private ITransformer Live => _released
            ? throw new ObjectDisposedException(nameof(SharedSessionModel), "ReleaseSession was called: load the model again to score with it.")
            : _model;

        /// <summary>The wrapped chain's transformers, in order (the model itself when it is not a chain).</summary>
        public IEnumerator<ITransformer> GetEnumerator() =>
            (_model as IEnumerable<ITransformer> ?? new[] { _model }).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        void ICanSaveModel.Save(ModelSaveContext ctx) => Live.Save(ctx);
    }
}
