using System;
using System.Collections.Generic;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// What <see cref="MLNetDeepScoring.LoadModel(Microsoft.ML.MLContext, string, out Microsoft.ML.DataViewSchema, LoadModelOptions?)"/>
    /// checks beyond its defaults. <c>LoadModel</c> copies these values when it starts.
    /// </summary>
    public sealed class LoadModelOptions
    {
        /// <summary>
        /// The key the model was saved with (<see cref="MLNetDeepScoring.SaveModel(Microsoft.ML.MLContext, Microsoft.ML.ITransformer, Microsoft.ML.DataViewSchema, string, byte[])"/>),
        /// at least 16 bytes; null (the default) for none. With a key, only a zip whose manifest is an HMAC-SHA256 made
        /// with this key loads, so deliberate edits are refused as well as corruption; a zip without a manifest, or with
        /// an unkeyed one, is refused whatever <see cref="RequireManifest"/> says.
        /// </summary>
        public byte[]? HmacKey { get; set; }

        /// <summary>
        /// CustomMapping contracts, besides MLNetDeep's own (<c>MLNetDeep.*</c> in MLNetDeep.Scoring), that the model
        /// may use: the names given to <c>[CustomMappingFactoryAttribute]</c> in your app. The assembly that defines
        /// each must already be loaded (reference its factory type, or call
        /// <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(MyFactory).Assembly)</c>); the model may load that
        /// assembly and no other outside ML.NET. Empty by default.
        /// </summary>
        public IReadOnlyList<string> AllowedCustomMappingContracts { get; set; } = Array.Empty<string>();

        /// <summary>
        /// ML.NET loaders, besides those of MLNetDeep's scoring chain and ML.NET's usual tabular preprocessing
        /// (normalizers, missing values, one-hot encoding, key and value mapping, type conversion, concatenation, column
        /// copy and selection), that the model may use: the loader signature the refusal message names (for example
        /// <c>"TextTransform"</c>). Loaders such as word embeddings read files named in the zip: allow only what you trust.
        /// Empty by default.
        /// </summary>
        public IReadOnlyList<string> AllowedLoaderSignatures { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Whether a zip without a manifest is refused. False by default: zips saved by plain <c>mlContext.Model.Save</c>
        /// or by MLNetDeep 0.1.0 load, with a warning in <c>mlContext.Log</c> and <see cref="SharedSessionModel.LoadWarnings"/>.
        /// </summary>
        public bool RequireManifest { get; set; }
    }
}
