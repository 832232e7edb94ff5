using System.IO.Compression;
using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Persistence;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Verification;

/// <summary>
/// Mutated copies of a saved model, loaded by a scoring app in a child process: each is refused with
/// <see cref="InvalidModelException"/> or loads and scores exactly as the original; none crashes or hangs.
/// </summary>
[TestClass]
public sealed class FuzzTests : TemporaryFolderTest
{
    private const int Mutants = 300;

    [TestMethod]
    public void MutatedZips_AreRefusedOrScoreAsSaved_NeverCrashOrHang()
    {
        var ml = new MLContext(seed: 1);
        var (model, data, zip) = ZipEdit.SavedBinary(ml);
        string input = Path.Combine(Folder, "input.idv");
        using (var stream = File.Create(input))
            ml.Data.SaveAsBinary(data, stream);
        string expected = string.Join(' ', SyntheticData.Scores(model.Transform(data)).Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        string zips = Directory.CreateDirectory(Path.Combine(Folder, "zips")).FullName;
        var random = new Random(13);
        File.WriteAllBytes(Path.Combine(zips, "original.zip"), zip);
        for (int i = 0; i < Mutants; i++)
            File.WriteAllBytes(Path.Combine(zips, $"mutant-{i:D3}.zip"), Mutate(zip, random, i % 5));

        string output = Path.Combine(Folder, "fuzz.tsv");
        string dll = Path.Combine(ScoringHostRunner.OutputFolder, ScoringHostRunner.AssemblyName + ".dll");
        var (exitCode, stdout, stderr) = ChildProcess.Run(dll, Folder, TimeSpan.FromMinutes(4), "fuzz", zips, input, output);
        string[][] lines = [.. File.ReadAllLines(output).Select(l => l.Split('\t'))];

        foreach (var group in lines.GroupBy(l => l[0] == "refused" ? l[3][..Math.Min(60, l[3].Length)] : l[0]).OrderByDescending(g => g.Count()))
            Console.WriteLine($"{group.Count(),4}  {group.Key}");
        Assert.AreEqual(0, exitCode, $"the scoring app crashed or hung after {lines.Length} zips:\n{stdout}\n{stderr}");
        Assert.AreEqual(Mutants + 1, lines.Length);
        foreach (string[] line in lines)
        {
            string what = string.Join(" | ", line);
            Assert.IsTrue(line[0] is "loaded" or "refused", what);
            if (line[0] == "loaded")
                Assert.AreEqual(expected, line[3], $"loaded but scores differently: {what}");
            Assert.IsTrue(long.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture) < 20_000, $"took too long: {what}");
        }
        Assert.AreEqual("loaded", lines.Single(l => l[1] == "original.zip")[0]);
        Assert.IsTrue(lines.Count(l => l[0] == "refused") > Mutants / 2, "most mutants change the content and must be refused");
    }

    /// <summary>One mutation: a flipped byte, a cut, an inserted or removed run, or a flipped byte inside one entry.</summary>
    private static byte[] Mutate(byte[] zip, Random random, int kind)
    {
        byte[] bytes = [.. zip];
        int at = random.Next(bytes.Length);
        switch (kind)
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                return bytes[..at];
            case 2:
                return [.. bytes[..at], .. Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256)), .. bytes[at..]];
            case 3:
                return [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + 1 + random.Next(16))..]];
            default:
                string[] names = EntryNames(zip);
                string target = names[random.Next(names.Length)];
                return ZipEdit.Rewrite(zip, (name, content) =>
                {
                    if (name == target && content.Length > 0)
                        content[random.Next(content.Length)] ^= (byte)(1 << random.Next(8));
                    return content;
                });
        }
    }

    private static string[] EntryNames(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return [.. archive.Entries.Select(e => e.FullName)];
    }
}
