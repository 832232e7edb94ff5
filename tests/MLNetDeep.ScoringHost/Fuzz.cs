using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;

/// <summary>
/// The fuzz mode: loads every zip of a folder with <c>MLNetDeepScoring.LoadModel</c>, as a scoring app would, and writes
/// one line per zip as soon as it is done, so a crash shows which zip caused it:
/// "loaded|refused|error \t zip \t milliseconds \t scores or message".
/// </summary>
internal static class Fuzz
{
    public static int Run(string folder, string inputPath, string outputPath)
    {
        var mlContext = new MLContext(seed: 0);
        IDataView input = mlContext.Data.LoadFromBinary(inputPath);
        using var output = new StreamWriter(outputPath) { AutoFlush = true };
        foreach (string zip in Directory.GetFiles(folder, "*.zip").Order(StringComparer.Ordinal))
        {
            var watch = Stopwatch.StartNew();
            string outcome, detail;
            try
            {
                SharedSessionModel model = MLNetDeepScoring.LoadModel(mlContext, zip, out _);
                detail = string.Join(' ', model.Transform(input).GetColumn<float>("Score").Select(Scoring.Format));
                model.ReleaseSession();
                outcome = "loaded";
            }
            catch (InvalidModelException e)
            {
                (outcome, detail) = ("refused", OneLine(e.Message));
            }
            catch (Exception e)
            {
                (outcome, detail) = ("error", OneLine($"{e.GetType().FullName}: {e.Message}"));
            }
            output.WriteLine(string.Join('\t', outcome, Path.GetFileName(zip), watch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture), detail));
        }
        return 0;
    }

    private static string OneLine(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
