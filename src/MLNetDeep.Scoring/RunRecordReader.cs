using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Google.Protobuf;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Finds the run records MLNetDeep saves in a model zip: each DeepMlp part's ONNX graph (an ML.NET <c>OnnxModel</c>
    /// entry: a 4-byte length, then the ONNX ModelProto) carries its record as metadata <see cref="MLNetDeepScoring.RunRecordMetadataKey"/>.
    /// Stock loading ignores ONNX metadata, so zips with a record load everywhere zips without one do.
    /// </summary>
    internal static class RunRecordReader
    {
        private const int ModelMetadataField = 14;          // ModelProto.metadata_props
        private const int EntryKeyField = 1, EntryValueField = 2;   // StringStringEntryProto

        public static IReadOnlyList<string> Read(Stream zip)
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            var records = new List<string>();
            foreach (var entry in archive.Entries.Where(e => e.Name == "OnnxModel").OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                using var stream = entry.Open();
                using var reader = new BinaryReader(stream);
                int length = reader.ReadInt32();
                if (length < 0 || length != entry.Length - 4)
                    throw new InvalidDataException($"The model entry '{entry.FullName}' is not an ML.NET OnnxModel entry ({entry.Length} bytes, length field {length}).");
                string? record = RecordIn(reader.ReadBytes(length));
                if (record is not null)
                    records.Add(record);
            }
            return records;
        }

        private static string? RecordIn(byte[] model)
        {
            var input = new CodedInputStream(model);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == ModelMetadataField && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    var (key, value) = Entry(input.ReadBytes());
                    if (key == MLNetDeepScoring.RunRecordMetadataKey)
                        return value;
                }
                else
                {
                    input.SkipLastField();
                }
            }
            return null;
        }

        private static (string Key, string Value) Entry(ByteString bytes)
        {
            var input = new CodedInputStream(bytes.ToByteArray());
            string key = "", value = "";
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case EntryKeyField: key = input.ReadString(); break;
                    case EntryValueField: value = input.ReadString(); break;
                    default: input.SkipLastField(); break;
                }
            }
            return (key, value);
        }
    }
}
