using System;
using System.Collections.Generic;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The ML.NET loaders <c>LoadModel</c> lets a zip use without being asked: those of MLNetDeep's scoring chain and of
    /// ML.NET's usual tabular preprocessing (normalizers, missing values, one-hot encoding, key and value mapping,
    /// conversion, concatenation, column copy and selection). Others (text, images, word embeddings that read a file
    /// named in the zip, TensorFlow, ensembles of zips) must be listed in <see cref="LoadModelOptions.AllowedLoaderSignatures"/>.
    /// </summary>
    internal static class LoaderSignatures
    {
        private static readonly string[] Defaults =
        {
            // MLNetDeep's scoring chain.
            "TransformerChain", "OnnxTransform", "CopyTransform", "CustomTransformer", "ValueMappingTransformer", "SelectColumnsTransform",
            // Tabular preprocessing.
            "ConcatTransform", "ConcatFunction", "ConvertTransform", "ConvertFunction", "NAReplaceTransform", "NaIndicatorTransform",
            "TermTransform", "TermManager", "KeyToValueTransform", "KeyToVectorTransform",
            "Normalizer", "AffineNormExec", "BinNormExec", "BinNormalizeFunction", "CdfNormalizeFunction",
        };

        public static HashSet<string> With(IEnumerable<string> allowed)
        {
            var set = new HashSet<string>(Defaults, StringComparer.Ordinal);
            set.UnionWith(allowed);
            return set;
        }
    }
}
