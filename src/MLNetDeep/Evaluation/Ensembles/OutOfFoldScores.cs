using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Models;

namespace MLNetDeep.Evaluation.Ensembles;

/// <summary>
/// The out-of-fold scores as one view: every fold's held-out rows as its own fold model scored them, fold after fold,
/// with the label and the task's prediction columns (same names and types, a multiclass key with its class names).
/// ML.NET has no public way to append views, so the few columns are read into memory.
/// </summary>
internal static class OutOfFoldScores
{
    public static IDataView Binary(MLContext mlContext, IReadOnlyList<IDataView> scored, string labelColumnName)
    {
        var rows = Read<BinaryRow>(scored, (view, row) =>
        {
            var label = row.GetGetter<bool>(view.Schema[labelColumnName]);
            var score = row.GetGetter<float>(view.Schema["Score"]);
            var probability = row.GetGetter<float>(view.Schema["Probability"]);
            var predicted = row.GetGetter<bool>(view.Schema["PredictedLabel"]);
            return () =>
            {
                bool l = default, p = default;
                float s = default, pr = default;
                label(ref l); score(ref s); probability(ref pr); predicted(ref p);
                return new BinaryRow { Label = l, Score = s, Probability = pr, PredictedLabel = p };
            };
        }, labelColumnName, "Score", "Probability", "PredictedLabel");
        var definition = SchemaDefinition.Create(typeof(BinaryRow));
        definition[nameof(BinaryRow.Label)].ColumnName = labelColumnName;
        return mlContext.Data.LoadFromEnumerable(rows, definition);
    }

    public static IDataView Regression(MLContext mlContext, IReadOnlyList<IDataView> scored, string labelColumnName)
    {
        var rows = Read<RegressionRow>(scored, (view, row) =>
        {
            var label = row.GetGetter<float>(view.Schema[labelColumnName]);
            var score = row.GetGetter<float>(view.Schema["Score"]);
            return () =>
            {
                float l = default, s = default;
                label(ref l); score(ref s);
                return new RegressionRow { Label = l, Score = s };
            };
        }, labelColumnName, "Score");
        var definition = SchemaDefinition.Create(typeof(RegressionRow));
        definition[nameof(RegressionRow.Label)].ColumnName = labelColumnName;
        return mlContext.Data.LoadFromEnumerable(rows, definition);
    }

    /// <param name="mlContext">The context the view is made with.</param>
    /// <param name="scored">The folds' scored held-out rows.</param>
    /// <param name="labelColumnName">The label: a key, the same type with the same class names in every fold.</param>
    /// <param name="label">The label column of the first fold's scored view, whose type and class names the view copies.</param>
    public static IDataView Multiclass(MLContext mlContext, IReadOnlyList<IDataView> scored, string labelColumnName, DataViewSchema.Column label)
    {
        int classCount = (int)((KeyDataViewType)label.Type).Count;
        var rows = Read<MulticlassRow>(scored, (view, row) =>
        {
            var labelGetter = row.GetGetter<uint>(view.Schema[labelColumnName]);
            var score = row.GetGetter<VBuffer<float>>(view.Schema["Score"]);
            var predicted = row.GetGetter<uint>(view.Schema["PredictedLabel"]);
            return () =>
            {
                uint l = default, p = default;
                VBuffer<float> s = default;
                labelGetter(ref l); score(ref s); predicted(ref p);
                return new MulticlassRow { Label = ZeroBased(l), Score = s.DenseValues().ToArray(), PredictedLabel = ZeroBased(p) };
            };
        }, labelColumnName, "Score", "PredictedLabel");
        var definition = SchemaDefinition.Create(typeof(MulticlassRow));
        SchemaDefinition.Column labelColumn = definition[nameof(MulticlassRow.Label)];
        labelColumn.ColumnName = labelColumnName;
        labelColumn.ColumnType = label.Type;
        KeyValuesAnnotation.CopyTo(label, labelColumn);
        SchemaDefinition.Column predictedColumn = definition[nameof(MulticlassRow.PredictedLabel)];
        predictedColumn.ColumnType = label.Type;
        KeyValuesAnnotation.CopyTo(label, predictedColumn);
        definition[nameof(MulticlassRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classCount);
        return mlContext.Data.LoadFromEnumerable(rows, definition);
    }

    /// <summary>
    /// A raw key (1-based, 0 missing) as LoadFromEnumerable takes it: 0-based, and out of range (read back as missing)
    /// for a missing key.
    /// </summary>
    private static uint ZeroBased(uint raw) => raw == 0 ? uint.MaxValue : raw - 1;

    private static List<TRow> Read<TRow>(IReadOnlyList<IDataView> scored, Func<IDataView, DataViewRow, Func<TRow>> reader, params string[] columns)
        where TRow : class
    {
        var rows = new List<TRow>();
        foreach (IDataView view in scored)
        {
            using DataViewRowCursor cursor = view.GetRowCursor([.. columns.Select(c => view.Schema[c])]);
            Func<TRow> next = reader(view, cursor);
            while (cursor.MoveNext())
                rows.Add(next());
        }

        return rows;
    }

    private sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }

    private sealed class MulticlassRow
    {
        public uint Label { get; set; }

        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }
}
