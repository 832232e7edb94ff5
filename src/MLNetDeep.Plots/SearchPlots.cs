using ScottPlot;

namespace MLNetDeep.Plots;

/// <summary>The PNG plot of a hyperparameter search: each scored trial's objective and the best so far, against the trial number.</summary>
public static class SearchPlots
{
    /// <summary>
    /// Writes the best-so-far plot of <paramref name="result"/> to <paramref name="path"/> (its folder is created if
    /// missing; a file of that name is replaced): a point per scored trial (completed trials in the palette's first color,
    /// trials cut by the time budget grey), a step line through the best objective after each trial, and the best trial
    /// marked. Pruned and failed trials have no objective and no point; the title counts them. Text uses the fonts found
    /// in the system's font folders, as <see cref="TrainingHistoryPlots.SavePlots"/> does.
    /// </summary>
    /// <typeparam name="TReport">The task's metrics report.</typeparam>
    /// <param name="result">The search result.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="width">Width in pixels; default 800, from 100 to 10,000.</param>
    /// <param name="height">Height in pixels; default 500, from 100 to 10,000.</param>
    /// <returns>The full path of the written file.</returns>
    public static string SaveBestSoFarPlot<TReport>(this SearchResult<TReport> result, string path, int width = 800, int height = 500)
        where TReport : MetricsReport
    {
        ArgumentNullException.ThrowIfNull(result);
        PlotFile.CheckSize(width, height);
        string fullPath = PlotFile.Prepare(path);
        using var plot = new Plot();
        var curve = result.BestSoFar();
        var steps = Enumerable.Range(0, curve.Count).Where(i => double.IsFinite(curve[i])).ToArray();
        if (steps.Length > 0)
        {
            var line = plot.Add.ScatterLine(steps.Select(i => (double)i).ToArray(), steps.Select(i => curve[i]).ToArray(), plot.Add.Palette.GetColor(1));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = "best so far";
        }
        Points(plot, result, SearchTrialState.Completed, plot.Add.Palette.GetColor(0), "completed trial");
        Points(plot, result, SearchTrialState.StoppedByTimeBudget, Colors.Gray, "cut by the time budget");
        var best = plot.Add.Marker(result.BestTrial.Number, result.BestTrial.Objective ?? double.NaN, MarkerShape.OpenCircle, 14, plot.Add.Palette.GetColor(1));
        best.LegendText = $"best: trial {result.BestTrial.Number}";

        int unscored = result.Trials.Count(t => t.Objective is null);
        string title = $"Search: validation {result.MetricName} per trial ({(result.HigherIsBetter ? "higher" : "lower")} is better)"
            + (unscored > 0 ? $", {unscored} pruned or failed" : "");
        TrainingHistoryPlots.Finish(plot, title, "trial", result.MetricName, legend: true);
        plot.SavePng(fullPath, width, height);
        return fullPath;
    }

    private static void Points<TReport>(Plot plot, SearchResult<TReport> result, SearchTrialState state, Color color, string label)
        where TReport : MetricsReport
    {
        var trials = result.Trials.Where(t => t.State == state && t.Objective is not null).ToArray();
        if (trials.Length == 0)
            return;
        var points = plot.Add.ScatterPoints(trials.Select(t => (double)t.Number).ToArray(), trials.Select(t => t.Objective!.Value).ToArray(), color);
        points.MarkerSize = 7;
        points.LegendText = label;
    }
}
