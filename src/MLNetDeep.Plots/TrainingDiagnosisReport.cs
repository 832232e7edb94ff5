using ScottPlot;

namespace MLNetDeep.Plots;

/// <summary>
/// The training doctor's report as files: the plots of <see cref="TrainingHistoryPlots.SavePlots"/>, a plot of the
/// per-layer gradient norms when the history has <see cref="TrainingHistory.LayerStatistics"/>, and the Markdown of
/// <see cref="TrainingHistory.Diagnose"/> linking them, ready to paste into an issue or a report.
/// </summary>
public static class TrainingDiagnosisReport
{
    /// <summary>The file name of the per-layer gradient-norm plot.</summary>
    public const string GradientNormFileName = "gradient-norms.png";

    /// <summary>The file name of the Markdown report.</summary>
    public const string MarkdownFileName = "diagnosis.md";

    /// <summary>
    /// Writes into <paramref name="folder"/> (created if missing; files of the same names are replaced) the plots of
    /// <see cref="TrainingHistoryPlots.SavePlots"/>, <see cref="GradientNormFileName"/> (log10 of each layer's weight
    /// gradient norm per instrumented step; only with layer statistics) and <see cref="MarkdownFileName"/>:
    /// <c>history.Diagnose().ToMarkdown(folder, "")</c>, which links every PNG in the folder by file name. Returns the
    /// Markdown file's full path.
    /// </summary>
    /// <param name="history">The history to diagnose, for example <c>fitted.History</c>.</param>
    /// <param name="folder">The folder to write into.</param>
    /// <param name="width">Width of each image in pixels; default 800, from 100 to 10,000.</param>
    /// <param name="height">Height of each image in pixels; default 500, from 100 to 10,000.</param>
    public static string SaveDiagnosis(this TrainingHistory history, string folder, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(history);
        history.SavePlots(folder, width, height);
        string directory = Path.GetFullPath(folder);
        if (history.LayerStatistics.Count > 0)
        {
            using var plot = GradientNormPlot(history);
            plot.SavePng(Path.Combine(directory, GradientNormFileName), width, height);
        }
        else
        {
            File.Delete(Path.Combine(directory, GradientNormFileName));   // an earlier run's, which this report must not link
        }
        string path = Path.Combine(directory, MarkdownFileName);
        File.WriteAllText(path, history.Diagnose().ToMarkdown(directory, linkFolder: ""));
        return path;
    }

    private static Plot GradientNormPlot(TrainingHistory history)
    {
        var plot = new Plot();
        var layers = history.LayerStatistics.GroupBy(r => r.Layer).ToList();
        for (int i = 0; i < layers.Count; i++)
        {
            var points = layers[i].Where(r => r.GradientNorm > 0 && double.IsFinite(r.GradientNorm)).ToArray();
            if (points.Length == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(r => (double)r.Step).ToArray(), points.Select(r => Math.Log10(r.GradientNorm)).ToArray(), plot.Add.Palette.GetColor(i));
            line.LegendText = layers[i].Key;
            line.LineWidth = 2;
            line.MarkerSize = points.Length <= 50 ? 5 : 0;
        }
        return TrainingHistoryPlots.Finish(plot, "Weight gradient norm per layer", "step", "log10 gradient norm", legend: true);
    }
}
