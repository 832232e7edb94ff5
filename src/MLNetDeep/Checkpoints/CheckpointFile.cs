using System.Security.Cryptography;
using System.Text;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// The checkpoint container: a magic header, named sections (name, length, bytes) and a SHA-256 of everything before it.
/// <see cref="Write"/> writes a temporary file (owner-only) beside the target, flushes it to disk and renames it over the target,
/// so a reader sees either the old checkpoint or the new one, never a mix. <see cref="Read"/> refuses a file whose
/// checksum or structure is wrong (a truncated or damaged file) with <see cref="InvalidDataException"/>.
/// </summary>
internal static class CheckpointFile
{
    public const string Extension = ".ckpt";
    public const string TemporarySuffix = ".tmp";
    private const int FormatVersion = 1;
    private const int HashSize = 32;

    private static ReadOnlySpan<byte> Magic => "MLNDCKPT"u8;

    public static void Write(string path, IReadOnlyList<KeyValuePair<string, byte[]>> sections)
    {
        string temporary = $"{path}.{Environment.ProcessId}{TemporarySuffix}";
        try
        {
            using (var stream = Data.PrivateFiles.Create(temporary, FileMode.Create, FileShare.None))
            {
                byte[] body = Body(sections);
                stream.Write(body);
                stream.Write(SHA256.HashData(body));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The sections of the checkpoint at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or is truncated or damaged.</exception>
    public static Dictionary<string, byte[]> Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 + HashSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not an MLNetDeep checkpoint, or it is truncated ({bytes.Length} bytes).");
        var body = bytes.AsSpan(0, bytes.Length - HashSize);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashSize)))
            throw new InvalidDataException($"'{path}' is truncated or damaged: its checksum does not match its {bytes.Length} bytes.");

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        int version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"'{path}' has checkpoint format {version}; this MLNetDeep reads format {FormatVersion}.");
        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            string name = reader.ReadString();
            int length = reader.ReadInt32();
            sections[name] = reader.ReadBytes(length);
        }
        return sections;
    }

    private static byte[] Body(IReadOnlyList<KeyValuePair<string, byte[]>> sections)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            foreach (var (name, bytes) in sections)
            {
                writer.Write(name);
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }
        return memory.ToArray();
    }
}
