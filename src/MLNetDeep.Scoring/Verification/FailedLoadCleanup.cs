using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Deletes the copies of a model's ONNX graphs that ML.NET wrote to its temporary folder during a load that then
    /// failed (ML.NET writes each graph to a file before ONNX Runtime reads it, and leaves the file when that fails).
    /// A copy is a file written since the load began whose bytes equal one of the graphs and that nobody holds open:
    /// the file of a model that did load stays open until the model is released, so it is never taken.
    /// </summary>
    internal static class FailedLoadCleanup
    {
        public static void DeleteCopies(string folder, IReadOnlyList<byte[]> models, DateTime startedUtc)
        {
            if (models.Count == 0 || !Directory.Exists(folder))
                return;
            if (DeleteUnused(folder, models, startedUtc) > 0)
            {
                // A graph that ONNX Runtime did load belongs to a transform ML.NET dropped when a later part failed:
                // its file closes when the collector finalizes that transform.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                DeleteUnused(folder, models, startedUtc);
            }
        }

        /// <summary>Deletes the unused copies; returns how many copies were in use.</summary>
        private static int DeleteUnused(string folder, IReadOnlyList<byte[]> models, DateTime startedUtc)
        {
            var lengths = new HashSet<long>(models.Select(m => (long)m.Length));
            int inUse = 0;
            foreach (string path in Directory.EnumerateFiles(folder))
            {
                try
                {
                    var info = new FileInfo(path);
                    if (!lengths.Contains(info.Length) || info.LastWriteTimeUtc < startedUtc.AddSeconds(-2))
                        continue;
                    using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None))
                    {
                        var bytes = new MemoryStream();
                        stream.CopyTo(bytes);
                        byte[] content = bytes.ToArray();
                        if (!models.Any(m => m.SequenceEqual(content)))
                            continue;
                    }
                    File.Delete(path);
                }
                catch (IOException)
                {
                    inUse++;
                }
                catch (UnauthorizedAccessException)
                {
                    // Another user's file: not a copy this process wrote.
                }
            }
            return inUse;
        }
    }
}
