using System.Buffers.Binary;
using Tensorboard;

namespace MLNetDeep.Tests.Training;

/// <summary>
/// Reads TensorBoard event files back, checking their TFRecord framing: each record is a little-endian uint64 length,
/// the masked CRC-32C of those 8 bytes, the serialized <see cref="Event"/>, and the masked CRC-32C of the event bytes.
/// </summary>
internal static class TensorBoardEvents
{
    private static readonly uint[] CrcTable = CrcTableOf(0x82F63B78u);

    /// <summary>The event files of one run folder (not its subfolders), oldest first.</summary>
    public static string[] Files(string folder) =>
        [.. Directory.GetFiles(folder, "events.out.tfevents.*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)];

    /// <summary>Every event of the folder's only event file.</summary>
    public static List<Event> ReadRun(string folder)
    {
        var files = Files(folder);
        Assert.HasCount(1, files, $"one event file in {folder}");
        return Read(files[0]);
    }

    public static List<Event> Read(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        var events = new List<Event>();
        int at = 0;
        while (at < bytes.Length)
        {
            Assert.IsGreaterThanOrEqualTo(12, bytes.Length - at, "a whole record header");
            var header = bytes.AsSpan(at, 8);
            int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header));
            Assert.AreEqual(MaskedCrc(header), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)), $"length CRC of the record at byte {at}");
            Assert.IsGreaterThanOrEqualTo(length + 4, bytes.Length - at - 12, "a whole record");
            var data = bytes.AsSpan(at + 12, length);
            Assert.AreEqual(MaskedCrc(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4)), $"data CRC of the record at byte {at}");
            events.Add(Event.Parser.ParseFrom(data.ToArray()));
            at += 12 + length + 4;
        }
        return events;
    }

    /// <summary>The (step, value) of every scalar with <paramref name="tag"/>, in file order.</summary>
    public static List<(long Step, float Value)> Scalars(IEnumerable<Event> events, string tag) =>
        [.. Values(events, tag).Select(v => (v.Step, v.Value.SimpleValue))];

    /// <summary>The (step, histogram) of every histogram with <paramref name="tag"/>, in file order.</summary>
    public static List<(long Step, HistogramProto Histogram)> Histograms(IEnumerable<Event> events, string tag) =>
        [.. Values(events, tag).Select(v => (v.Step, v.Value.Histo))];

    /// <summary>The (step, text) of every text summary written as <paramref name="tag"/> (stored as "tag/text_summary").</summary>
    public static List<(long Step, string Text)> Texts(IEnumerable<Event> events, string tag) =>
        [.. Values(events, tag + "/text_summary").Select(v => (v.Step, v.Value.Tensor.StringVal.Single().ToStringUtf8()))];

    /// <summary>Every tag of the summaries in <paramref name="events"/>.</summary>
    public static HashSet<string> Tags(IEnumerable<Event> events) =>
        [.. events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value).Select(v => v.Tag)];

    private static IEnumerable<(long Step, Summary.Types.Value Value)> Values(IEnumerable<Event> events, string tag) =>
        events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Where(v => v.Tag == tag).Select(v => (e.Step, v)));

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }

    private static uint[] CrcTableOf(uint polynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
