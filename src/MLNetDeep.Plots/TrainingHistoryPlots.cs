using ScottPlot;
using ScottPlot.TickGenerators;

namespace MLNetDeep.Plots;

/// <summary>
/// PNG plots of a <see cref="TrainingHistory"/>: the training and validation loss per epoch, the validation metric per
/// epoch and the learning rate per optimizer step, drawn with ScottPlot.
/// </summary>
public static class TrainingHistoryPlots
{
    /// <summary>The file name of the loss plot.</summary>
    public const string LossFileName = "loss.png";

    /// <summary>The file name of the validation metric plot.</summary>
    public const string MetricFileName = "metric.png";

    /// <summary>The file name of the learning-rate plot.</summary>
    public const string LearningRateFileName = "learning-rate.png";

    /// <summary>
    /// Writes the plots of <paramref name="history"/> into <paramref name="folder"/> (created if missing; files of the
    /// same names are replaced) and returns the full paths of the files written, in this order:
    /// <list type="bullet">
    /// <item><see cref="LossFileName"/>: training loss and, with validation data, validation loss per epoch;
    /// written when there is at least one epoch;</item>
    /// <item><see cref="MetricFileName"/>: <see cref="TrainingHistory.ValidationMetricName"/> per epoch; written only
    /// when some epoch has a validation metric (not without validation data);</item>
    /// <item><see cref="LearningRateFileName"/>: the learning rate of every optimizer step; written when there is at
    /// least one step.</item>
    /// </list>
    /// So an empty history writes nothing and returns an empty list. Training lines are solid, validation lines dashed,
    /// and a dotted vertical line marks <see cref="TrainingHistory.SelectedEpoch"/> (the epoch whose weights the model
    /// holds) on the epoch plots; the legend, right of the plot, names each line. An ensemble draws one line (or pair of
    /// lines) per member in <see cref="TrainingHistory.Members"/>, each member in its own color (a single model:
    /// training blue, validation orange). NaN and infinite values (a diverged epoch) are left out of the lines.
    /// Text is drawn with the fonts found in the system's font folders (on Linux <c>/usr/share/fonts</c>); on a machine
    /// without any font the plots are still written, without text.
    /// </summary>
    /// <param name="history">The history to plot, for example <c>fitted.History</c>.</param>
    /// <param name="folder">The folder to write into.</param>
    /// <param name="width">Width of each image in pixels; default 800, from 100 to 10,000.</param>
    /// <param name="height">Height of each image in pixels; default 500, from 100 to 10,000.</param>
    /// <returns>The full paths of the written files.</returns>
    public static IReadOnlyList<string> SavePlots(this TrainingHistory history, string folder, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        PlotFile.CheckSize(width, height);

        IReadOnlyList<TrainingHistory> members = history.Members.Count == 0 ? [history] : history.Members;
        string directory = Path.GetFullPath(folder);
        Directory.CreateDirectory(directory);
        var written = new List<string>();

        void Save(Plot plot, string fileName)
        {
            using (plot)
            {
                string path = Path.Combine(directory, fileName);
                plot.SavePng(path, width, height);
                written.Add(path);
            }
        }

        if (members.Any(m => m.Epochs.Count > 0))
            Save(LossPlot(members), LossFileName);
        if (members.Any(m => m.Epochs.Any(e => e.ValidationMetric is not null)))
            Save(MetricPlot(members, history.ValidationMetricName ?? "validation metric"), MetricFileName);
        if (members.Any(m => m.Steps.Count > 0))
            Save(LearningRatePlot(members), LearningRateFileName);
        return written;
    }

    private static Plot LossPlot(IReadOnlyList<TrainingHistory> members)
    {
        var plot = new Plot();
        for (int i = 0; i < members.Count; i++)
        {
            var epochs = members[i].Epochs;
            Color color = MemberColor(plot, i);
            Line(plot, epochs.Select(e => (double)e.Epoch), epochs.Select(e => e.TrainingLoss), color, Label(members, i, "training loss"), dashed: false);
            if (epochs.Any(e => e.ValidationLoss is not null))
            {
                // A single model's validation loss gets the palette's second color; an ensemble keeps one color per member.
                Line(plot, epochs.Select(e => (double)e.Epoch), epochs.Select(e => e.ValidationLoss ?? double.NaN),
                    members.Count == 1 ? MemberColor(plot, 1) : color, Label(members, i, "validation loss"), dashed: true);
            }

            MarkSelectedEpoch(plot, members, i, color);
        }

        return Finish(plot, "Loss per epoch", "epoch", "loss", legend: true);
    }

    private static Plot MetricPlot(IReadOnlyList<TrainingHistory> members, string metricName)
    {
        var plot = new Plot();
        for (int i = 0; i < members.Count; i++)
        {
            var epochs = members[i].Epochs;
            Color color = MemberColor(plot, i);
            Line(plot, epochs.Select(e => (double)e.Epoch), epochs.Select(e => e.ValidationMetric ?? double.NaN), color,
                Label(members, i, metricName), dashed: false);
            MarkSelectedEpoch(plot, members, i, color);
        }

        return Finish(plot, $"Validation {metricName} per epoch", "epoch", metricName, legend: true);
    }

    private static Plot LearningRatePlot(IReadOnlyList<TrainingHistory> members)
    {
        var plot = new Plot();
        for (int i = 0; i < members.Count; i++)
        {
            var steps = members[i].Steps;
            Line(plot, steps.Select(s => (double)s.Step), steps.Select(s => s.LearningRate), MemberColor(plot, i),
                Label(members, i, "learning rate"), dashed: false, markers: false);
        }

        return Finish(plot, "Learning rate per step", "step", "learning rate", legend: members.Count > 1);
    }

    /// <summary>Adds a line through the finite points; lines with up to 50 points get markers.</summary>
    private static void Line(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, Color color, string label, bool dashed, bool markers = true)
    {
        var points = xs.Zip(ys).Where(p => double.IsFinite(p.Second)).ToArray();
        if (points.Length == 0)
            return;
        var line = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = markers && points.Length <= 50 ? 5 : 0;
        if (dashed)
            line.LinePattern = LinePattern.Dashed;
    }

    private static void MarkSelectedEpoch(Plot plot, IReadOnlyList<TrainingHistory> members, int index, Color color)
    {
        TrainingHistory member = members[index];
        if (member.SelectedEpoch < 1 || member.SelectedEpoch > member.Epochs.Count)
            return;
        Color lineColor = members.Count == 1 ? Colors.Gray : color.WithAlpha(0.7);
        var line = plot.Add.VerticalLine(member.SelectedEpoch, width: 1.5f, color: lineColor, pattern: LinePattern.Dotted);
        line.LegendText = Label(members, index, $"selected epoch {member.SelectedEpoch}");
    }

    /// <summary>Titles, labels, the font and the legend, as every MLNetDeep plot has them.</summary>
    internal static Plot Finish(Plot plot, string title, string xLabel, string yLabel, bool legend)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        // ScottPlot's default tick labels follow the current culture ("0,5" on a German machine); numbers here are invariant.
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = InvariantLabel };
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = InvariantLabel };
        if (SansFont() is { } font)
            plot.Font.Set(font);
        if (legend)
            plot.ShowLegend(Edge.Right);
        else
            plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// An installed sans-serif family, or null for ScottPlot's choice. Without fontconfig (SkiaSharp's NoDependencies
    /// build) ScottPlot's own detection of a sans font falls back to the first family it finds, often a serif one.
    /// </summary>
    private static string? SansFont()
    {
        string[] installed = [.. SkiaSharp.SKFontManager.Default.FontFamilies];
        return PreferredSansFonts.FirstOrDefault(f => installed.Contains(f, StringComparer.OrdinalIgnoreCase));
    }

    private static string InvariantLabel(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] PreferredSansFonts =
        ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica", "Segoe UI", "Ubuntu", "Cantarell"];

    private static Color MemberColor(Plot plot, int member) => plot.Add.Palette.GetColor(member);

    private static string Label(IReadOnlyList<TrainingHistory> members, int member, string what) =>
        members.Count > 1 ? $"member {member}: {what}" : what;
}
