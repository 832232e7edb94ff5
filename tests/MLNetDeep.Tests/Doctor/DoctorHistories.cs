namespace MLNetDeep.Tests.Doctor;

/// <summary>Histories written by hand for the rule tests: each sets exactly the figures one rule reads.</summary>
internal static class DoctorHistories
{
    /// <summary>One epoch per training loss; validation losses and metrics (same length) when given.</summary>
    public static TrainingHistory Epochs(double[] training, double[]? validation = null, double[]? metric = null, double? baseline = null)
    {
        var history = new TrainingHistory { ValidationMetricName = metric is null ? null : "Accuracy", BaselineLoss = baseline };
        for (int i = 0; i < training.Length; i++)
            history.Add(new EpochRecord(i + 1, training[i], validation?[i], metric?[i], 1e-3, TimeSpan.FromSeconds(1)));
        history.SelectedEpoch = training.Length;
        return history;
    }

    /// <summary>A two-epoch history whose steps each hold one record per (layer, gradient norm, dead fraction, update ratio).</summary>
    public static TrainingHistory Layers(params (string Layer, double Gradient, double? Dead, double Ratio)[][] steps)
    {
        var history = Epochs([0.5, 0.4]);
        for (int i = 0; i < steps.Length; i++)
        {
            foreach (var (layer, gradient, dead, ratio) in steps[i])
                history.AddLayerStatistics(new LayerStatisticsRecord(i + 1, 1, layer, gradient, gradient / 10, 1, ratio, 0.5, 0.25, dead));
        }
        return history;
    }

    /// <summary>Binary class records: (training weight, recall) of class 0, then class 1.</summary>
    public static TrainingHistory Classes(double weight0, double recall0, double weight1, double recall1)
    {
        var history = Epochs([0.5, 0.4]);
        history.SetClasses([new ClassRecord(0, weight0, recall0, "validation"), new ClassRecord(1, weight1, recall1, "validation")]);
        return history;
    }
}
