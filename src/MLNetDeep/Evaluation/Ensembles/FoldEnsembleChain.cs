using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Models;
using MLNetDeep.Scoring;

namespace MLNetDeep.Evaluation.Ensembles;

/// <summary>
/// Builds the one ML.NET chain that averages k fold models, from stock parts only (so <c>mlContext.Model.Save</c> writes
/// it and <c>mlContext.Model.Load</c> restores it): CopyColumns backs the input columns up under hidden names; before
/// each fold model after the first, CopyColumns restores them (so a fold whose preprocessing rewrote a column in place,
/// a normalizer for example, never feeds the next fold); after each fold model, CopyColumns keeps its averaged output
/// under a per-fold name; Concatenate puts the fold outputs side by side; ApplyOnnxModel averages them
/// (<see cref="FoldAveraging"/>); the task's head adapters write the output columns; DropColumns removes every
/// intermediate column.
/// </summary>
internal static class FoldEnsembleChain
{
    private const string InputBackupPrefix = ScoringColumnNames.Prefix + "FoldInput.";
    private const string FoldOutputPrefix = ScoringColumnNames.Prefix + "FoldOutput.";
    private const string FoldOutputs = ScoringColumnNames.Prefix + "FoldOutputs";

    /// <summary>The backup name of an input column.</summary>
    public static string Backup(string columnName) => InputBackupPrefix + columnName;

    /// <summary>
    /// The columns backed up and restored: every visible column of the data except the label, and the label too when a
    /// fold model changes its type (MapValueToKey on a text label, for example), since the next fold must read it as the
    /// data has it. So the ensemble needs at scoring the columns the training data had, the label only in that case.
    /// </summary>
    public static IReadOnlyList<string> BackedUpColumns(DataViewSchema schema, IReadOnlyList<ITransformer> folds, string labelColumnName)
    {
        DataViewType labelType = schema[labelColumnName].Type;
        bool labelRewritten = folds.Any(f => f.GetOutputSchema(schema).GetColumnOrNull(labelColumnName) is not { } c || !c.Type.Equals(labelType));
        return [.. schema.Where(c => !c.IsHidden && (c.Name != labelColumnName || labelRewritten)).Select(c => c.Name).Distinct()];
    }

    /// <summary>Builds the chain on <paramref name="data"/>'s schema (nothing is read but the schema).</summary>
    /// <param name="mlContext">The context the stock parts are built with.</param>
    /// <param name="data">The data the folds were cut from.</param>
    /// <param name="folds">The fold models, in fold order.</param>
    /// <param name="labelColumnName">The label column.</param>
    /// <param name="averaging">What is averaged and how the task's columns are written.</param>
    /// <param name="modelFile">The averaging graph's file, which must be present while the chain is saved.</param>
    public static TransformerChain<ITransformer> Build(MLContext mlContext, IDataView data, IReadOnlyList<ITransformer> folds,
        string labelColumnName, FoldAveraging averaging, out ScoringModelFile modelFile)
    {
        var transforms = mlContext.Transforms;
        var parts = new List<ITransformer>();
        IDataView view = data;
        void Add(ITransformer part)
        {
            parts.Add(part);
            view = part.Transform(view);
        }

        IReadOnlyList<string> backedUp = BackedUpColumns(data.Schema, folds, labelColumnName);
        if (backedUp.Count > 0)
            Add(Copies(mlContext, backedUp.Select(c => (Backup(c), c))).Fit(view));
        var foldOutputs = new List<string>();
        for (int f = 0; f < folds.Count; f++)
        {
            if (f > 0 && backedUp.Count > 0)
                Add(Copies(mlContext, backedUp.Select(c => (c, Backup(c)))).Fit(view));
            Add(folds[f]);
            CheckFoldOutput(view.Schema, f, averaging);
            CheckPassedThrough(view.Schema, f, [.. backedUp.Select(Backup), .. foldOutputs]);
            foldOutputs.Add(FoldOutputPrefix + f.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add(transforms.CopyColumns(foldOutputs[^1], averaging.AveragedColumn).Fit(view));
        }

        Add(transforms.Concatenate(FoldOutputs, [.. foldOutputs]).Fit(view));
        ScoringModelFile.DeleteLeftovers(mlContext.TempFilePath);
        var file = new ScoringModelFile(averaging.Graph(folds.Count, FoldOutputs), mlContext.TempFilePath);
        try
        {
            Add(file.WhilePresent(() => transforms.ApplyOnnxModel([.. averaging.OnnxOutputs], [FoldOutputs], file.Path).Fit(view)));
            Add(averaging.AppendAdapters(mlContext, new EstimatorChain<ITransformer>(), view.Schema, FoldOutputs).Fit(view));
            Add(transforms.DropColumns([.. backedUp.Select(Backup), .. foldOutputs, FoldOutputs]).Fit(view));
            modelFile = file;
            return new TransformerChain<ITransformer>([.. parts]);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>One CopyColumns per column (ML.NET's public CopyColumns copies one), as one estimator chain.</summary>
    private static EstimatorChain<ITransformer> Copies(MLContext mlContext, IEnumerable<(string Output, string Input)> columns) =>
        columns.Aggregate(new EstimatorChain<ITransformer>(), (chain, c) => chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(c.Output, c.Input)));

    /// <summary>The backups and the earlier folds' outputs must pass through a fold model (SelectColumns or DropColumns in it would remove them).</summary>
    private static void CheckPassedThrough(DataViewSchema schema, int fold, IEnumerable<string> needed)
    {
        var lost = needed.Where(name => schema.GetColumnOrNull(name) is null).ToList();
        if (lost.Count > 0)
            throw new ArgumentException($"The model of fold {fold} removes columns it does not read ({lost.Count}, e.g. '{lost[0]}'): the ensemble passes the "
                + "input columns and the other folds' outputs through every fold model. Remove SelectColumns or DropColumns from the estimator "
                + "(select the columns before cross-validating instead).");
    }

    private static void CheckFoldOutput(DataViewSchema schema, int fold, FoldAveraging averaging)
    {
        string name = averaging.AveragedColumn;
        if (schema.GetColumnOrNull(name) is not { } column)
            throw new ArgumentException($"The model of fold {fold} has no '{name}' column: the ensemble averages it. "
                + (averaging is FoldAveraging.Binary ? "End the estimator with a trainer that outputs probabilities (calibrated), or append a calibrator." : "End the estimator with a trainer of this task."));
        if (!column.Type.Equals(averaging.ExpectedType))
            throw new ArgumentException($"The '{name}' column of fold {fold}'s model is of type '{column.Type}', but the ensemble needs '{averaging.ExpectedType}'.");
    }
}
