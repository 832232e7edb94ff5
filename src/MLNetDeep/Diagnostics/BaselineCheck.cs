using static MLNetDeep.Diagnostics.SetupChecks;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 5 (informational, always passes): the trivial baseline's metric on the validation rows, weighted by the
/// example weights as Fit's validation metric is: the training majority class for classification (binary: its
/// Accuracy, and AUC 0.5 for its constant score; multiclass: its MicroAccuracy), the training label mean for
/// regression (its RSquared, 0 or slightly below). The network must beat it.
/// </summary>
internal static class BaselineCheck
{
    public static SetupFinding Run(SetupContext context)
    {
        var data = context.Data;
        var validation = data.Validation;
        string metric = data.Task.MetricName;
        double weights = validation.Weights.Sum(w => (double)w);
        var figures = new Dictionary<string, double>();
        string summary;
        if (data.ClassCounts.Length > 0)
        {
            int majority = Array.IndexOf(data.ClassCounts, data.ClassCounts.Max());
            double hits = Enumerable.Range(0, validation.Count).Where(i => (int)validation.Labels[i] == majority).Sum(i => (double)validation.Weights[i]);
            double accuracy = weights > 0 ? hits / weights : double.NaN;
            figures[metric] = accuracy;
            string name = data.ClassCounts.Length == 2 ? (majority == 1 ? "true" : "false") : $"class {majority}";
            summary = $"always predicting the training majority ({name}) gives {metric} {F(accuracy)}";
            if (data.ClassCounts.Length == 2)
            {
                figures["AUC"] = 0.5;
                summary += " and AUC 0.5";
            }
        }
        else
        {
            double mean = data.Training.Labels.Average(y => (double)y);
            double validMean = Enumerable.Range(0, validation.Count).Sum(i => (double)validation.Weights[i] * validation.Labels[i]) / weights;
            double residual = 0, total = 0;
            for (int i = 0; i < validation.Count; i++)
            {
                residual += validation.Weights[i] * Math.Pow(validation.Labels[i] - mean, 2);
                total += validation.Weights[i] * Math.Pow(validation.Labels[i] - validMean, 2);
            }
            double rSquared = total > 0 ? 1 - (residual / total) : double.NaN;
            figures[metric] = rSquared;
            figures["mean"] = mean;
            summary = $"always predicting the training mean ({F(mean)}) gives {metric} {F(rSquared)}";
        }
        figures["validation rows"] = validation.Count;
        return new SetupFinding(SetupCheckNames.Baseline, SetupStatus.Pass, $"{summary} on the {validation.Count} validation rows: the network must beat this", figures);
    }
}
