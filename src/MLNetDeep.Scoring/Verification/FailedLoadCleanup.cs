using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Deletes the copies of a model's ONNX graphs that ML.NET wrote to its temporary folder during a load that then
    /// failed (ML.NET writes each graph to a randomly named file before ONNX Runtime reads it, and leaves the file when
    /// that fails). A copy is a file that was not in the folder before the load, is named like ML.NET's temporary files,
    /// holds exactly one of the graphs, and that nobody holds open (a graph that did load keeps its file open until
    /// the collector closes it, which then deletes it). <c>LoadModel</c> runs one load at a time per context, so two
    /// loads of the same context never take each other's files.
    /// </summary>
    internal sealed class FailedLoadCleanup
    {
        private readonly string _folder;
        private readonly HashSet<string>? _before;   // null when the folder could not be listed: then nothing is deleted

        private FailedLoadCleanup(string folder, HashSet<string>? before)
        {
            _folder = folder;
            _before = before;
        }

        /// <summary>Notes the files in <paramref name="folder"/> before a load.</summary>
        public static FailedLoadCleanup Before(string folder)
        {
            try
            {
                return new FailedLoadCleanup(folder, new HashSet<string>(Directory.Exists(folder) ? Directory.EnumerateFiles(folder) : Enumerable.Empty<string>(), StringComparer.Ordinal));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new FailedLoadCleanup(folder, null);
            }
        }

        /// <summary>After a failed load: deletes the new, unused copies of <paramref name="models"/>. Never throws.</summary>
        public void DeleteCopies(IReadOnlyList<byte[]> models)
        {
            if (models.Count == 0 || _before is not { } before)
                return;
            try
            {
                var lengths = new HashSet<long>(models.Select(m => (long)m.Length));
                foreach (string path in Directory.EnumerateFiles(_folder).Where(p => !before.Contains(p) && IsRandomName(Path.GetFileName(p))))
                {
                    if (lengths.Contains(new FileInfo(path).Length) && IsUnusedCopy(path, models))
                        File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The folder changed or cannot be read: the load's own error matters more.
            }
        }

        /// <summary>Whether the name has the shape of <see cref="Path.GetRandomFileName"/>: eight and three lower-case letters or digits.</summary>
        private static bool IsRandomName(string name) =>
            name.Length == 12 && name[8] == '.' && name.Where((c, i) => i != 8).All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));

        private static bool IsUnusedCopy(string path, IReadOnlyList<byte[]> models)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
                using var bytes = new MemoryStream();
                stream.CopyTo(bytes);
                byte[] content = bytes.ToArray();
                return models.Any(m => m.SequenceEqual(content));
            }
            catch (IOException)
            {
                return false;   // held open: a loaded model's file
            }
        }
    }
}
