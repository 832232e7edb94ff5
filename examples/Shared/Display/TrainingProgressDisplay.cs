using System.Globalization;
using MLNetDeep;
using Spectre.Console;

namespace MLNetDeep.Examples;

/// <summary>
/// Shows a running fit through <see cref="DeepMlpOptionsBase.Progress"/>: a live Spectre.Console progress bar (epoch,
/// loss, rows/s, time left) on an interactive terminal, and a few plain lines (at each quarter of the training and at
/// the end) when the output is redirected, as under CI or into a log file.
/// </summary>
public static class TrainingProgressDisplay
{
    /// <summary>Runs <paramref name="fit"/>, which should put the progress it is given into the trainer's options.</summary>
    /// <param name="title">What is being trained, for example "DeepMlp on spambase".</param>
    /// <param name="fit">Builds the trainer with <c>Progress = progress</c> and fits it.</param>
    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> fit)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return fit(new PlainLines(title));

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                result = fit(new Bar(title, task));
                task.Value = 1;
            });
        return result;
    }

    /// <summary>The line for one report: epoch, loss, validation metric, throughput and time left.</summary>
    public static string Describe(TrainingProgress p)
    {
        var culture = CultureInfo.InvariantCulture;
        string member = p.EnsembleSize > 1 ? string.Create(culture, $"member {p.Member}/{p.EnsembleSize}, ") : "";
        string metric = p.ValidationMetric is { } m ? string.Create(culture, $", {p.ValidationMetricName} {m:F4}") : "";
        string left = p.EstimatedTimeRemaining is { } t ? $", {t:m\\:ss} left" : "";
        return string.Create(culture, $"{member}epoch {p.Epoch}/{p.NumberOfEpochs}: loss {p.TrainingLoss:F4}{metric}, {p.RowsPerSecond:N0} rows/s{left}");
    }

    private sealed class Bar(string title, ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.Value = value.Fraction;
            task.Description = Markup.Escape($"{title}: {Describe(value)}");
        }
    }

    private sealed class PlainLines(string title) : IProgress<TrainingProgress>
    {
        private int _quartersShown;

        public void Report(TrainingProgress value)
        {
            int quarter = (int)Math.Floor(value.Fraction * 4);
            if (!value.IsEpochEnd || quarter <= _quartersShown)
                return;
            _quartersShown = quarter;
            Console.WriteLine($"  {title}: {Describe(value)}");
        }
    }
}
