using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Fashion-MNIST (Zalando, MIT licence) from Debian's <c>dataset-fashion-mnist</c> package, which <c>build.ps1 bench</c>
/// installs: 28×28 grey images of 10 clothing classes, 60,000 training and 10,000 test rows. Pixels are scaled to [0, 1].
/// </summary>
internal sealed class FashionMnist
{
    /// <summary>Where the Debian package puts the files.</summary>
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Pixels per image (the feature count).</summary>
    public const int PixelCount = 784;

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    private FashionMnist(float[] pixels, uint[] labels)
    {
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Row-major [Rows, 784] pixels in [0, 1].</summary>
    public float[] Pixels { get; }

    /// <summary>Class of each row, 0-9.</summary>
    public uint[] Labels { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => Labels.Length;

    /// <summary>Whether the package's files are present.</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(Folder, "train-images-idx3-ubyte.gz"));

    /// <summary>Reads the training split (<paramref name="test"/> false) or the test split.</summary>
    public static FashionMnist Load(bool test = false)
    {
        if (!IsInstalled)
            throw new FileNotFoundException($"Fashion-MNIST is not in {Folder}. Install it with `apt-get install dataset-fashion-mnist` (build.ps1 bench does).");
        string prefix = test ? "t10k" : "train";
        byte[] images = ReadGzip(Path.Combine(Folder, $"{prefix}-images-idx3-ubyte.gz"));
        byte[] labels = ReadGzip(Path.Combine(Folder, $"{prefix}-labels-idx1-ubyte.gz"));
        int rows = BigEndian(labels, 4);
        if (BigEndian(images, 4) != rows || images.Length != 16 + rows * PixelCount)
            throw new InvalidDataException($"The Fashion-MNIST files in {Folder} do not match (images and labels differ in count).");
        var pixels = new float[rows * PixelCount];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = images[16 + i] / 255f;
        return new FashionMnist(pixels, [.. labels.Skip(8).Select(b => (uint)b)]);
    }

    /// <summary>The rows as a data view: <c>Features</c> (vector of 784 Single) and <c>Label</c> (key of the 10 classes, in class order).</summary>
    public IDataView ToDataView(MLContext ml)
    {
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, Rows).Select(r => new Row
        {
            Label = Labels[r],
            Features = Pixels.AsSpan(r * PixelCount, PixelCount).ToArray(),
        }));
        return ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(rows).Transform(rows);
    }

    /// <summary>Writes the rows as a CSV with a header: Label (0-9), then p0..p783 with up to 4 decimals.</summary>
    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("Label");
        for (int p = 0; p < PixelCount; p++)
            writer.Write($",p{p}");
        writer.WriteLine();
        var line = new StringBuilder();
        for (int r = 0; r < Rows; r++)
        {
            line.Clear().Append(Labels[r].ToString(CultureInfo.InvariantCulture));
            for (int p = 0; p < PixelCount; p++)
                line.Append(',').Append(Pixels[r * PixelCount + p].ToString("0.####", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }

    private static byte[] ReadGzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static int BigEndian(byte[] bytes, int at) => (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];

    /// <summary>One row of <see cref="ToDataView"/>.</summary>
    private sealed class Row
    {
        /// <summary>The class, 0-9 (made a key by <see cref="ToDataView"/>).</summary>
        public uint Label { get; set; }

        /// <summary>The pixels.</summary>
        [VectorType(PixelCount)]
        public float[] Features { get; set; } = [];
    }
}
