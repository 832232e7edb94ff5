using System.Diagnostics;
using Microsoft.ML;

namespace MLNetDeep.Benchmarks;

/// <summary>The two scoring measurements the scoring sections share: bulk Transform throughput and engine latency.</summary>
internal static class ScoringTimer
{
    /// <summary>Passes over the test rows per bulk measurement.</summary>
    public const int BulkPasses = 10;

    /// <summary>Rows per second of <c>Transform</c> plus a cursor reading the binary Score, Probability and PredictedLabel.</summary>
    public static double BulkRowsPerSecond(ITransformer model, IDataView test, int rowCount)
    {
        var clock = Stopwatch.StartNew();
        for (int pass = 0; pass < BulkPasses; pass++)
        {
            IDataView scored = model.Transform(test);
            var columns = new[] { scored.Schema["Score"], scored.Schema["Probability"], scored.Schema["PredictedLabel"] };
            using var cursor = scored.GetRowCursor(columns);
            var score = cursor.GetGetter<float>(columns[0]);
            var probability = cursor.GetGetter<float>(columns[1]);
            var label = cursor.GetGetter<bool>(columns[2]);
            float s = 0, p = 0;
            bool l = false;
            while (cursor.MoveNext())
            {
                score(ref s);
                probability(ref p);
                label(ref l);
            }
        }
        return BulkPasses * rowCount / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Mean microseconds of one <c>Predict</c> over <paramref name="rows"/>.</summary>
    public static double EngineMicrosPerRow<TRow, TScore>(PredictionEngine<TRow, TScore> engine, TRow[] rows)
        where TRow : class
        where TScore : class, new()
    {
        var clock = Stopwatch.StartNew();
        foreach (var row in rows)
            _ = engine.Predict(row);
        return clock.Elapsed.TotalMicroseconds / rows.Length;
    }

    /// <summary>
    /// Bulk rows/s and engine µs/row of each model, over interleaved repetitions (the first warms up and is not kept).
    /// </summary>
    public static (List<double>[] Bulk, List<double>[] Single) Interleaved<TRow, TScore>(
        ITransformer[] models, PredictionEngine<TRow, TScore>[] engines, IDataView test, TRow[] rows, int repetitions)
        where TRow : class
        where TScore : class, new()
    {
        var bulk = models.Select(_ => new List<double>()).ToArray();
        var single = models.Select(_ => new List<double>()).ToArray();
        for (int rep = 0; rep <= repetitions; rep++)
        {
            for (int m = 0; m < models.Length; m++)
            {
                double rowsPerSecond = BulkRowsPerSecond(models[m], test, rows.Length);
                double microsPerRow = EngineMicrosPerRow(engines[m], rows);
                if (rep == 0) continue;
                bulk[m].Add(rowsPerSecond);
                single[m].Add(microsPerRow);
            }
        }
        return (bulk, single);
    }
}
