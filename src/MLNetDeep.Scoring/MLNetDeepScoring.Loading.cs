using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNetDeep.Scoring
{
    public static partial class MLNetDeepScoring
    {
        /// <summary>
        /// Saves a model as <c>mlContext.Model.Save</c> does, then adds a manifest entry with the SHA-256 of every other
        /// entry, signed with HMAC-SHA256 when <paramref name="hmacKey"/> is given, so that
        /// <see cref="LoadModel(MLContext, string, out DataViewSchema, LoadModelOptions?)"/> detects corruption (and, with
        /// the key, deliberate edits). Stock <c>mlContext.Model.Load</c> ignores the manifest. The file is written
        /// through a temporary file in the same folder and then renamed, so a reader never sees half a model.
        /// </summary>
        /// <param name="mlContext">The context that saves the model.</param>
        /// <param name="model">The fitted model (a pipeline, a DeepMlp transformer, or a loaded model).</param>
        /// <param name="inputSchema">The schema of the data the model takes, saved beside it (may be null, as in ML.NET).</param>
        /// <param name="path">The zip file to write; an existing file is replaced.</param>
        /// <param name="hmacKey">A secret of at least 16 bytes to sign the manifest with, or null for an unkeyed checksum.</param>
        public static void SaveModel(MLContext mlContext, ITransformer model, DataViewSchema? inputSchema, string path, byte[]? hmacKey = null)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("Give the path of the model file to write (.zip).", nameof(path));
            byte[] zip = SaveWithManifest(mlContext, model, inputSchema, hmacKey);
            string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            string temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    stream.Write(zip, 0, zip.Length);
                if (File.Exists(path))
                    File.Replace(temporary, path, null);
                else
                    File.Move(temporary, path);
            }
            finally
            {
                if (File.Exists(temporary))
                    File.Delete(temporary);
            }
        }

        /// <summary>Saves a model with a manifest to a stream; see <see cref="SaveModel(MLContext, ITransformer, DataViewSchema, string, byte[])"/>.</summary>
        /// <param name="mlContext">The context that saves the model.</param>
        /// <param name="model">The fitted model.</param>
        /// <param name="inputSchema">The schema of the data the model takes (may be null).</param>
        /// <param name="stream">A writable stream; the zip is written at its position and the stream is left open.</param>
        /// <param name="hmacKey">A secret of at least 16 bytes to sign the manifest with, or null.</param>
        public static void SaveModel(MLContext mlContext, ITransformer model, DataViewSchema? inputSchema, Stream stream, byte[]? hmacKey = null)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            byte[] zip = SaveWithManifest(mlContext, model, inputSchema, hmacKey);
            stream.Write(zip, 0, zip.Length);
        }

        /// <summary>
        /// Loads a model as <c>mlContext.Model.Load</c> does, after checking it, and returns it as a
        /// <see cref="SharedSessionModel"/>, whose ONNX Runtime session survives disposing a <c>PredictionEngine</c>.
        /// Before ML.NET reads anything, the zip's manifest is verified (see <see cref="LoadModelOptions"/>), and the zip
        /// is refused if it asks for an assembly other than ML.NET's and MLNetDeep.Scoring, for an ML.NET loader other
        /// than those of MLNetDeep's chain, the usual tabular preprocessing and the allowed ones, for a CustomMapping
        /// contract other than MLNetDeep's and the allowed ones, or for an ONNX graph with external data, runtime
        /// settings, or operators MLNetDeep's exporter never writes. The zip is read once into memory, so what was
        /// checked is what ML.NET loads (ML.NET then unpacks parts of it under <c>mlContext.TempFilePath</c>, which
        /// should not be writable by other users). Loads through one context run one at a time.
        /// </summary>
        /// <param name="mlContext">The context that loads the model.</param>
        /// <param name="path">The zip file.</param>
        /// <param name="inputSchema">The schema of the data the model was saved with.</param>
        /// <param name="options">What to check beyond the defaults, or null.</param>
        /// <exception cref="InvalidModelException">The zip is truncated, damaged, foreign, does not match its manifest, or asks for something refused.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><see cref="LoadModelOptions.HmacKey"/> is shorter than 16 bytes.</exception>
        /// <exception cref="IOException">The file cannot be read (for example <see cref="FileNotFoundException"/>).</exception>
        public static SharedSessionModel LoadModel(MLContext mlContext, string path, out DataViewSchema inputSchema, LoadModelOptions? options = null)
        {
            if (mlContext is null) throw new ArgumentNullException(nameof(mlContext));
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("Give the path of a saved model (.zip).", nameof(path));
            return Load(mlContext, File.ReadAllBytes(path), out inputSchema, options);
        }

        /// <summary>Loads a model from a stream; see <see cref="LoadModel(MLContext, string, out DataViewSchema, LoadModelOptions?)"/>.</summary>
        /// <param name="mlContext">The context that loads the model.</param>
        /// <param name="stream">A readable stream holding the zip, read to its end; it is left open.</param>
        /// <param name="inputSchema">The schema of the data the model was saved with.</param>
        /// <param name="options">What to check beyond the defaults, or null.</param>
        /// <exception cref="InvalidModelException">The zip is truncated, damaged, foreign, does not match its manifest, or asks for something refused.</exception>
        public static SharedSessionModel LoadModel(MLContext mlContext, Stream stream, out DataViewSchema inputSchema, LoadModelOptions? options = null)
        {
            if (mlContext is null) throw new ArgumentNullException(nameof(mlContext));
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Load(mlContext, copy.ToArray(), out inputSchema, options);
        }

        private static SharedSessionModel Load(MLContext mlContext, byte[] zip, out DataViewSchema inputSchema, LoadModelOptions? options)
        {
            LoadModelOptions settings = Copy(options);
            var warnings = new List<string>();
            IReadOnlyList<byte[]> onnxModels = ModelVerifier.Verify(zip, settings, warnings);
            IHostEnvironment environment = mlContext;
            using (IChannel channel = environment.Register("MLNetDeepScoring").Start("LoadModel"))
            {
                foreach (string warning in warnings)
                    channel.Warning(MessageSensitivity.None, "{0}", warning);
            }
            lock (mlContext)   // one load at a time per context, so a failed load's cleanup never takes another load's files
            {
                var cleanup = FailedLoadCleanup.Before(mlContext.TempFilePath);
                try
                {
                    DataViewSchema schema = null!;
                    ITransformer model = SessionThreads.Apply(mlContext, () => mlContext.Model.Load(new MemoryStream(zip, writable: false), out schema));
                    inputSchema = schema;
                    return new SharedSessionModel(model, warnings);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    cleanup.DeleteCopies(onnxModels);
                    throw new InvalidModelException($"ML.NET could not load the model ({e.GetType().Name}: {e.Message}): it is damaged or needs a newer ML.NET.", e);
                }
            }
        }

        private static LoadModelOptions Copy(LoadModelOptions? options)
        {
            byte[]? key = options?.HmacKey;
            if (key is not null && key.Length < ModelManifest.MinimumKeyBytes)
                throw new ArgumentOutOfRangeException(nameof(options), $"LoadModelOptions.HmacKey has {key.Length} bytes; use a secret of at least {ModelManifest.MinimumKeyBytes} (32 random bytes is usual).");
            return new LoadModelOptions
            {
                HmacKey = key is null ? null : (byte[])key.Clone(),
                AllowedCustomMappingContracts = new List<string>(options?.AllowedCustomMappingContracts ?? Array.Empty<string>()),
                AllowedLoaderSignatures = new List<string>(options?.AllowedLoaderSignatures ?? Array.Empty<string>()),
                RequireManifest = options?.RequireManifest ?? false,
            };
        }

        private static byte[] SaveWithManifest(MLContext mlContext, ITransformer model, DataViewSchema? inputSchema, byte[]? hmacKey)
        {
            if (mlContext is null) throw new ArgumentNullException(nameof(mlContext));
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (hmacKey is not null && hmacKey.Length < ModelManifest.MinimumKeyBytes)
                throw new ArgumentOutOfRangeException(nameof(hmacKey), $"The HMAC key has {hmacKey.Length} bytes; use a secret of at least {ModelManifest.MinimumKeyBytes} (32 random bytes is usual).");
            using var zip = new MemoryStream();
            mlContext.Model.Save(model, inputSchema, zip);
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true))
                ModelManifest.Add(archive, hmacKey);
            return zip.ToArray();
        }
    }
}
