using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

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
                string? record = RecordIn(reader.ReadBytes(length), entry.FullName);
                if (record is not null)
                    records.Add(record);
            }
            return records;
        }

        private static string? RecordIn(byte[] model, string entryName)
        {
            var fields = new ProtoFields(entryName);
            string? record = null;
            fields.Walk(model, field =>
            {
                if (field.Number != ModelMetadataField)
                    return false;
                byte[] entry = field.Message();
                if (record is null && fields.Text(entry, EntryKeyField) == MLNetDeepScoring.RunRecordMetadataKey)
                    record = fields.Text(entry, EntryValueField);
                return true;
            });
            return record;
        }
    }
}
