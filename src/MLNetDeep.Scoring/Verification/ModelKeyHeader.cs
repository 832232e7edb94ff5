using System;
using System.Collections.Generic;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The parts of an ML.NET <c>Model.key</c> entry that decide what loading it runs: the loader's signature, the
    /// assembly ML.NET loads to find that loader, the model block and its string table. The layout is ML.NET's
    /// published model header (256 bytes, "ML\0MODEL" signature, little-endian offsets); anything out of bounds is refused.
    /// </summary>
    internal sealed class ModelKeyHeader
    {
        private const ulong Signature = 0x4C45444F4D004C4DUL;
        private const int HeaderSize = 0x100;

        private readonly byte[] _bytes;
        private readonly long _modelStart, _modelLength;

        private ModelKeyHeader(byte[] bytes, string entryName)
        {
            _bytes = bytes;
            EntryName = entryName;
            if (bytes.Length < HeaderSize || BitConverter.ToUInt64(bytes, 0) != Signature)
                throw Invalid("is not an ML.NET model block (its header signature is missing)");
            _modelStart = BitConverter.ToInt64(bytes, 0x10);
            _modelLength = BitConverter.ToInt64(bytes, 0x18);
            CheckRange(_modelStart, _modelLength, "model block");
            ModelVersionWritten = BitConverter.ToUInt32(bytes, 0x48);
            LoaderSignatures = new[] { Signature24(0x50), Signature24(0x68) };
            long assemblyAt = BitConverter.ToInt64(bytes, 0x90);
            uint assemblyBytes = BitConverter.ToUInt32(bytes, 0x98);
            CheckRange(assemblyAt, assemblyBytes, "assembly name");
            // As ML.NET reads it: only from header version 1.2 on, and only at a non-zero offset.
            bool hasAssembly = BitConverter.ToUInt32(bytes, 0x08) >= 0x00010002 && assemblyAt != 0;
            LoaderAssemblyName = hasAssembly ? Utf16(assemblyAt, assemblyBytes) : null;
            Strings = ReadStrings();
        }

        public string EntryName { get; }

        /// <summary>The loader signature and the alternative one, decoded as ML.NET decodes them; ML.NET tries both.</summary>
        public IReadOnlyList<string> LoaderSignatures { get; }

        /// <summary>The assembly ML.NET loads (<c>Assembly.Load</c>) before it looks for the loader, or null for none.</summary>
        public string? LoaderAssemblyName { get; }

        public uint ModelVersionWritten { get; }

        public IReadOnlyList<string> Strings { get; }

        public static ModelKeyHeader Read(byte[] bytes, string entryName) => new ModelKeyHeader(bytes, entryName);

        /// <summary>The string whose id is stored as a 32-bit integer at <paramref name="offset"/> bytes into the model block.</summary>
        public string StringAt(int offset)
        {
            if (offset + 4 > _modelLength)
                throw Invalid("has a model block too short for its strings");
            int id = BitConverter.ToInt32(_bytes, (int)_modelStart + offset);
            if (id < 0 || id >= Strings.Count)
                throw Invalid($"refers to string {id} of {Strings.Count}");
            return Strings[id];
        }

        public InvalidModelException Invalid(string what) =>
            new InvalidModelException($"The model entry '{EntryName}' {what}: the zip is damaged or was not written by ML.NET.");

        private List<string> ReadStrings()
        {
            long tableAt = BitConverter.ToInt64(_bytes, 0x20), tableBytes = BitConverter.ToInt64(_bytes, 0x28);
            long charsAt = BitConverter.ToInt64(_bytes, 0x30), charsBytes = BitConverter.ToInt64(_bytes, 0x38);
            CheckRange(tableAt, tableBytes, "string table");
            CheckRange(charsAt, charsBytes, "string characters");
            if (tableBytes % 8 != 0)
                throw Invalid("has a string table of a size that is not a multiple of 8");
            var strings = new List<string>();
            long previous = 0;
            for (long at = tableAt; at < tableAt + tableBytes; at += 8)
            {
                long end = BitConverter.ToInt64(_bytes, (int)at);
                if (end < previous || end > charsBytes || (end - previous) % 2 != 0)
                    throw Invalid("has a string table out of order or out of bounds");
                strings.Add(Utf16(charsAt + previous, end - previous));
                previous = end;
            }
            return strings;
        }

        /// <summary>24 bytes as 24 characters, trailing NULs dropped (ML.NET's <c>GetLoaderSig</c>).</summary>
        private string Signature24(int offset)
        {
            int length = 24;
            while (length > 0 && _bytes[offset + length - 1] == 0)
                length--;
            var text = new char[length];
            for (int i = 0; i < length; i++)
                text[i] = (char)_bytes[offset + i];
            return new string(text);
        }

        /// <summary>UTF-16 code units as they are, lone surrogates included (ML.NET reads characters one by one).</summary>
        private string Utf16(long offset, long byteCount)
        {
            if (byteCount % 2 != 0)
                throw Invalid("has a string of an odd number of bytes");
            var text = new char[byteCount / 2];
            for (int i = 0; i < text.Length; i++)
                text[i] = (char)BitConverter.ToUInt16(_bytes, (int)offset + (2 * i));
            return new string(text);
        }

        private void CheckRange(long start, long length, string what)
        {
            if (start < 0 || length < 0 || start > _bytes.Length || length > _bytes.Length - start)
                throw Invalid($"has its {what} out of bounds");
        }
    }
}
