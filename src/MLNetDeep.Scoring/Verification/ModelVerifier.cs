using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Everything <c>MLNetDeepScoring.LoadModel</c> checks before ML.NET sees a zip: that it is a zip with no entry
    /// twice, its manifest (<see cref="ModelManifest"/>), and its content (<see cref="ModelContentCheck"/>).
    /// </summary>
    internal static class ModelVerifier
    {
        /// <summary>
        /// Checks the zip; throws <see cref="InvalidModelException"/> if it must not load, and adds what deserves a
        /// warning. Returns the ONNX models inside it.
        /// </summary>
        public static IReadOnlyList<byte[]> Verify(byte[] zip, LoadModelOptions options, List<string> warnings)
        {
            try
            {
                using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
                string? twice = archive.Entries.GroupBy(e => e.FullName.Replace('\\', '/'), StringComparer.OrdinalIgnoreCase)
                    .FirstOrDefault(g => g.Count() > 1)?.Key;
                if (twice is not null)
                    throw new InvalidModelException($"The model entry '{twice}' appears twice in the zip: refused, ML.NET would read only one of them.");
                Manifest(archive, options, warnings);
                var content = new ModelContentCheck(options);
                content.Check(archive);
                return content.OnnxModels;
            }
            catch (InvalidDataException e)
            {
                throw new InvalidModelException($"The model is not a readable zip ({e.Message}): it is truncated, damaged or not a model.", e);
            }
            catch (Exception e) when (e is not InvalidModelException and not OutOfMemoryException)
            {
                throw new InvalidModelException($"The model could not be checked ({e.GetType().Name}: {e.Message}): it is damaged or not a model.", e);
            }
        }

        /// <summary>The last part of an entry's path, whichever separator the zip uses.</summary>
        public static string LastSegment(string fullName) => fullName.Substring(Math.Max(fullName.LastIndexOf('/'), fullName.LastIndexOf('\\')) + 1);

        private static void Manifest(ZipArchive archive, LoadModelOptions options, List<string> warnings)
        {
            ManifestStatus status = ModelManifest.Verify(archive, options.HmacKey);
            if (status == ManifestStatus.Missing)
            {
                if (options.HmacKey is not null)
                    throw new InvalidModelException("The model has no manifest, but LoadModelOptions.HmacKey was given: refused. Save it with MLNetDeepScoring.SaveModel and the same key.");
                if (options.RequireManifest)
                    throw new InvalidModelException("The model has no manifest and LoadModelOptions.RequireManifest is set: refused. Save it with MLNetDeepScoring.SaveModel.");
                warnings.Add("The model has no manifest (it was saved by plain mlContext.Model.Save or by MLNetDeep 0.1.0), so corruption cannot be detected: save it with MLNetDeepScoring.SaveModel.");
            }
            else if (status == ManifestStatus.KeyNotChecked)
            {
                warnings.Add("The model's manifest is signed with a key, but LoadModelOptions.HmacKey was not given: corruption is detected, deliberate edits are not.");
            }
        }
    }
}
