using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MLNetDeep.Plots;

/// <summary>The PNG plot of a <see cref="LearningRateFinderResult"/>: loss against learning rate on a log axis, with the suggestion marked.</summary>
public static class LearningRateFinderPlots
{
    /// <summary>
    /// Writes the range test's curve to <paramref name="path"/> as a PNG (its folder is created if missing; a file of
    /// that name is replaced) and returns the full path. The x axis is the learning rate on a log scale; the smoothed
    /// loss is a solid line, each step's loss a thin pale line, and a dotted vertical line with a marker on the smoothed
    /// curve shows <see cref="LearningRateFinderResult.SuggestedLearningRate"/>; the legend, right of the plot, names
    /// them. The y axis spans the smoothed loss (without the exploding last point when the test stopped early), so a
    /// final spike of the loss does not flatten the curve. NaN and infinite values are left out. Text is drawn with
    /// the system's fonts, as in <see cref="TrainingHistoryPlots.SavePlots"/>.
    /// </summary>
    /// <param name="result">The finder's result, from <c>trainer.FindLearningRate(trainingData)</c>.</param>
    /// <param name="path">The PNG file to write, for example <c>"out/lr-finder.png"</c>.</param>
    /// <param name="width">Width of the image in pixels; default 800, from 100 to 10,000.</param>
    /// <param name="height">Height of the image in pixels; default 500, from 100 to 10,000.</param>
    /// <returns>The full path of the written file.</returns>
    public static string SavePlot(this LearningRateFinderResult result, string path, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(result);
        PlotFile.CheckSize(width, height);
        string fullPath = PlotFile.Prepare(path);
        using var plot = CurvePlot(result);
        plot.SavePng(fullPath, width, height);
        return fullPath;
    }

    private static Plot CurvePlot(LearningRateFinderResult result)
    {
        var plot = new Plot();
        var points = result.Points;
        Color color = plot.Add.Palette.GetColor(0);
        Line(plot, points.Select(p => (p.LearningRate, p.Loss)), color.WithAlpha(0.35), "loss per step", width: 1);
        Line(plot, points.Select(p => (p.LearningRate, p.SmoothedLoss)), color, "smoothed loss", width: 2);

        double suggested = result.SuggestedLearningRate;
        Color mark = plot.Add.Palette.GetColor(1);
        string rate = suggested.ToString("G3", CultureInfo.InvariantCulture);
        var line = plot.Add.VerticalLine(Math.Log10(suggested), width: 1.5f, color: mark, pattern: LinePattern.Dotted);
        line.LegendText = $"suggested {rate}";
        if (Nearest(points, suggested) is { } at && double.IsFinite(at.SmoothedLoss))
        {
            var marker = plot.Add.Marker(Math.Log10(at.LearningRate), at.SmoothedLoss, MarkerShape.FilledCircle, 9, mark);
            marker.LegendText = "";
        }

        FitLossAxis(plot, result);
        TrainingHistoryPlots.Finish(plot, "Learning-rate finder", "learning rate (log scale)", "training loss", legend: true);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = RateLabel,
        };
        return plot;
    }

    /// <summary>Adds a line through the finite points, x = log10(rate).</summary>
    private static void Line(Plot plot, IEnumerable<(double Rate, double Loss)> points, Color color, string label, float width)
    {
        var finite = points.Where(p => double.IsFinite(p.Loss) && p.Rate > 0).ToArray();
        if (finite.Length == 0)
            return;
        var line = plot.Add.Scatter(finite.Select(p => Math.Log10(p.Rate)).ToArray(), finite.Select(p => p.Loss).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = width;
        line.MarkerSize = 0;
    }

    /// <summary>The y range of the smoothed loss, leaving out the exploding last point of a test that stopped early.</summary>
    private static void FitLossAxis(Plot plot, LearningRateFinderResult result)
    {
        var shown = result.StoppedEarly ? result.Points.Take(result.Points.Count - 1) : result.Points;
        double[] losses = [.. shown.Select(p => p.SmoothedLoss).Where(double.IsFinite)];
        if (losses.Length == 0)
            return;
        double low = losses.Min(), high = losses.Max();
        double pad = high > low ? (high - low) * 0.08 : Math.Max(Math.Abs(high) * 0.1, 1e-3);
        plot.Axes.AutoScaleX();
        plot.Axes.SetLimitsY(low - pad, high + pad);
    }

    private static LearningRateFinderPoint? Nearest(IReadOnlyList<LearningRateFinderPoint> points, double rate) =>
        points.Count == 0 ? null : points.MinBy(p => Math.Abs(Math.Log(p.LearningRate) - Math.Log(rate)));

    /// <summary>Tick label of log10(rate): 0.01, 0.1, 1, 10, 100 plainly, other decades as 1e-5.</summary>
    private static string RateLabel(double exponent)
    {
        int e = (int)Math.Round(exponent);
        return e is >= -2 and <= 2
            ? Math.Pow(10, e).ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"1e{e}");
    }
}
