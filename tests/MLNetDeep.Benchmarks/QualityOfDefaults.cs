using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Examples;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section c: default DeepMlp (Seed = 1) against default FastTree in the same pipeline, on a seeded 80/20 split of
/// each bundled dataset. The defaults aim to be within 0.02 of FastTree on the headline metrics.
/// </summary>
internal static class QualityOfDefaults
{
    private const double Tolerance = 0.02;

    public static void Run()
    {
        Report.Section("c. Quality of defaults (DeepMlp Seed = 1 vs FastTree, seeded 80/20 split)");
        Console.WriteLine($"  {"dataset",-10} {"metric",-14} {"DeepMlp",8} {"FastTree",9} {"diff",8}  {"within 0.02?",-12} {"fit s (Deep/Tree)",18}");
        var ml = new MLContext(seed: 1);

        var (spam, spamPrep) = BundledDatasets.Spambase(ml);
        var s = ml.Data.TrainTestSplit(spam, testFraction: 0.2, seed: 1);
        var (spamDeep, spamDeepTime) = Timed(() => spamPrep.Append(ml.BinaryClassification.Trainers.DeepMlp(seed: 1)).Fit(s.TrainSet));
        var (spamTree, spamTreeTime) = Timed(() => spamPrep.Append(ml.BinaryClassification.Trainers.FastTree()).Fit(s.TrainSet));
        var sd = ml.BinaryClassification.Evaluate(spamDeep.Transform(s.TestSet));
        var st = ml.BinaryClassification.Evaluate(spamTree.Transform(s.TestSet));
        Row("spambase", "Accuracy", sd.Accuracy, st.Accuracy, spamDeepTime, spamTreeTime);
        Row("spambase", "AUC", sd.AreaUnderRocCurve, st.AreaUnderRocCurve);

        var (sat, satPrep) = BundledDatasets.Satellite(ml);
        var t = ml.Data.TrainTestSplit(sat, testFraction: 0.2, seed: 1);
        var mc = ml.MulticlassClassification;
        var (satDeep, satDeepTime) = Timed(() => satPrep.Append(mc.Trainers.DeepMlp(seed: 1)).Fit(t.TrainSet));
        var (satTree, satTreeTime) = Timed(() => satPrep.Append(mc.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())).Fit(t.TrainSet));
        var td = mc.Evaluate(satDeep.Transform(t.TestSet));
        var tt = mc.Evaluate(satTree.Transform(t.TestSet));
        Row("satellite", "MicroAccuracy", td.MicroAccuracy, tt.MicroAccuracy, satDeepTime, satTreeTime);

        var (dia, diaPrep) = BundledDatasets.Diamonds(ml);
        var d = ml.Data.TrainTestSplit(dia, testFraction: 0.2, seed: 1);
        var (diaDeep, diaDeepTime) = Timed(() => diaPrep.Append(ml.Regression.Trainers.DeepMlp(seed: 1)).Fit(d.TrainSet));
        var (diaTree, diaTreeTime) = Timed(() => diaPrep.Append(ml.Regression.Trainers.FastTree()).Fit(d.TrainSet));
        var dd = ml.Regression.Evaluate(diaDeep.Transform(d.TestSet));
        var dt = ml.Regression.Evaluate(diaTree.Transform(d.TestSet));
        Row("diamonds", "R²", dd.RSquared, dt.RSquared, diaDeepTime, diaTreeTime);
        Console.WriteLine("  diff = DeepMlp - FastTree (higher is better for every metric here).");
    }

    private static void Row(string dataset, string metric, double deep, double tree, TimeSpan? deepTime = null, TimeSpan? treeTime = null)
    {
        double diff = deep - tree;
        string verdict = diff >= -Tolerance ? (diff >= 0 ? "yes (ahead)" : "yes") : "NO";
        string times = deepTime is { } a && treeTime is { } b ? $"{a.TotalSeconds,8:F1} / {b.TotalSeconds,-6:F1}" : "";
        Console.WriteLine($"  {dataset,-10} {metric,-14} {deep,8:F4} {tree,9:F4} {diff,8:+0.0000;-0.0000}  {verdict,-12} {times,18}");
    }

    private static (T Result, TimeSpan Elapsed) Timed<T>(Func<T> action)
    {
        var clock = Stopwatch.StartNew();
        T result = action();
        return (result, clock.Elapsed);
    }
}
