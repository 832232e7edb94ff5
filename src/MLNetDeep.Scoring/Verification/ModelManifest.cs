using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The manifest <c>MLNetDeepScoring.SaveModel</c> adds to a model zip: one line per other entry (SHA-256, length,
    /// name), then a signature over those lines, a SHA-256 without a key or an HMAC-SHA256 with one. ML.NET's loader
    /// never opens the entry, so stock loading ignores it.
    /// </summary>
    /// <remarks>
    /// Format (UTF-8, '\n' line ends): <c>MLNetDeep model manifest v1</c>, <c>algorithm SHA-256|HMAC-SHA256</c>,
    /// <c>entry &lt;sha256 hex&gt; &lt;length&gt; &lt;name&gt;</c> per entry in ordinal order, and last
    /// <c>signature &lt;hex&gt;</c>, computed over every byte before that line.
    /// </remarks>
    internal static class ModelManifest
    {
        public const string EntryName = "MLNetDeep/Manifest.txt";
        public const int MinimumKeyBytes = 16;
        private const string Header = "MLNetDeep model manifest v1";
        private const string Keyed = "HMAC-SHA256", Unkeyed = "SHA-256";
        private static readonly char[] Space = { ' ' };

        /// <summary>Adds the manifest to a zip open for update (no manifest in it yet).</summary>
        public static void Add(ZipArchive archive, byte[]? key)
        {
            var body = new StringBuilder();
            body.Append(Header).Append('\n').Append("algorithm ").Append(key is null ? Unkeyed : Keyed).Append('\n');
            foreach (ZipArchiveEntry entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                if (entry.FullName.IndexOf('\n') >= 0 || entry.FullName.IndexOf('\r') >= 0)
                    throw new ArgumentException($"The model entry '{entry.FullName}' has a line break in its name; the manifest cannot list it.");
                (string hash, long length) = Digest(entry);
                body.Append(string.Format(CultureInfo.InvariantCulture, "entry {0} {1} {2}\n", hash, length, entry.FullName));
            }
            byte[] signed = Encoding.UTF8.GetBytes(body.ToString());
            byte[] signature = Encoding.UTF8.GetBytes("signature " + Hex(Sign(signed, key)) + "\n");
            using Stream stream = archive.CreateEntry(EntryName, CompressionLevel.Optimal).Open();
            stream.Write(signed, 0, signed.Length);
            stream.Write(signature, 0, signature.Length);
        }

        /// <summary>Checks the zip against its manifest; throws <see cref="InvalidModelException"/> on any mismatch.</summary>
        public static ManifestStatus Verify(ZipArchive archive, byte[]? key)
        {
            ZipArchiveEntry? manifestEntry = archive.Entries.FirstOrDefault(e => e.FullName == EntryName);
            if (manifestEntry is null)
                return ManifestStatus.Missing;
            string text = ReadText(manifestEntry);
            int last = text.LastIndexOf("signature ", StringComparison.Ordinal);
            if (last <= 0 || text[last - 1] != '\n' || !text.EndsWith("\n", StringComparison.Ordinal))
                throw Invalid("has no signature line");
            byte[] signed = Encoding.UTF8.GetBytes(text.Substring(0, last));
            string[] lines = text.Substring(0, last).Split('\n');
            if (lines.Length < 3 || lines[0] != Header || lines[lines.Length - 1].Length != 0)
                throw Invalid($"does not start with '{Header}'");
            string algorithm = lines[1] == "algorithm " + Keyed ? Keyed : lines[1] == "algorithm " + Unkeyed ? Unkeyed : throw Invalid("names no known algorithm");
            if (key is not null && algorithm != Keyed)
                throw new InvalidModelException("The model's manifest is not signed with a key (it was saved without one), but LoadModelOptions.HmacKey was given: refused, since anyone could have written it.");
            byte[] expected = Sign(signed, algorithm == Keyed ? key : null);
            if (algorithm == Unkeyed || key is not null)
            {
                if (!FixedTimeEquals(expected, ParseHex(text.Substring(last + "signature ".Length).TrimEnd('\n'))))
                    throw new InvalidModelException(key is null
                        ? "The model's manifest does not match its own checksum: the manifest is damaged."
                        : "The model's manifest signature does not match LoadModelOptions.HmacKey: the model was changed after it was saved, or saved with another key.");
            }
            CheckEntries(archive, lines.Skip(2).Take(lines.Length - 3));
            return algorithm == Unkeyed ? ManifestStatus.Checksum : key is null ? ManifestStatus.KeyNotChecked : ManifestStatus.KeyChecked;
        }

        private static void CheckEntries(ZipArchive archive, IEnumerable<string> lines)
        {
            var listed = new Dictionary<string, (string Hash, long Length)>(StringComparer.Ordinal);
            foreach (string line in lines)
            {
                string[] parts = line.Split(Space, 4);
                if (parts.Length != 4 || parts[0] != "entry" || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                    throw Invalid($"has a malformed line '{line}'");
                if (listed.ContainsKey(parts[3]))
                    throw Invalid($"lists '{parts[3]}' twice");
                listed.Add(parts[3], (parts[1], length));
            }
            foreach (ZipArchiveEntry entry in archive.Entries.Where(e => e.FullName != EntryName))
            {
                if (!listed.TryGetValue(entry.FullName, out var expected))
                    throw new InvalidModelException($"The model entry '{entry.FullName}' is not in the manifest: it was added after the model was saved.");
                (string hash, long length) = Digest(entry);
                if (length != expected.Length || hash != expected.Hash)
                    throw new InvalidModelException($"The model entry '{entry.FullName}' does not match the manifest ({length} bytes, SHA-256 {hash}; saved: {expected.Length} bytes, {expected.Hash}): the zip was damaged or changed.");
                listed.Remove(entry.FullName);
            }
            if (listed.Count > 0)
                throw new InvalidModelException($"The model entry '{listed.Keys.First()}' is in the manifest but not in the zip: the zip is incomplete.");
        }

        private static (string Hash, long Length) Digest(ZipArchiveEntry entry)
        {
            using var sha = SHA256.Create();
            using var stream = new CountingStream(entry.Open());
            byte[] hash = sha.ComputeHash(stream);
            return (Hex(hash), stream.Count);
        }

        private static byte[] Sign(byte[] body, byte[]? key)
        {
            using HashAlgorithm algorithm = key is null ? SHA256.Create() : new HMACSHA256(key);
            return algorithm.ComputeHash(body);
        }

        private static string ReadText(ZipArchiveEntry entry)
        {
            if (entry.Length > 16 << 20)
                throw Invalid("is too large");
            using var reader = new StreamReader(entry.Open(), new UTF8Encoding(false, throwOnInvalidBytes: true));
            return reader.ReadToEnd();
        }

        private static bool FixedTimeEquals(byte[] a, byte[]? b)
        {
            if (b is null || a.Length != b.Length)
                return false;
            int difference = 0;
            for (int i = 0; i < a.Length; i++)
                difference |= a[i] ^ b[i];
            return difference == 0;
        }

        private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

        private static byte[]? ParseHex(string hex)
        {
            if (hex.Length % 2 != 0)
                return null;
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                if (!byte.TryParse(hex.Substring(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                    return null;
            }
            return bytes;
        }

        private static InvalidModelException Invalid(string what) =>
            new InvalidModelException($"The model's manifest ('{EntryName}') {what}: the zip is damaged.");
    }

    /// <summary>What a zip's manifest proved.</summary>
    internal enum ManifestStatus
    {
        /// <summary>The zip has no manifest.</summary>
        Missing,

        /// <summary>An unkeyed manifest matched: no entry changed by accident.</summary>
        Checksum,

        /// <summary>A keyed manifest matched and its HMAC was checked with the caller's key: no entry changed at all.</summary>
        KeyChecked,

        /// <summary>A keyed manifest's entries matched, but no key was given to check its HMAC.</summary>
        KeyNotChecked,
    }
}
