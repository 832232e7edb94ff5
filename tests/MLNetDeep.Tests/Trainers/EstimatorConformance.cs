using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>Data and its schema shape (ML.NET offers no public DataViewSchema → SchemaShape conversion).</summary>
/// <param name="Data">The data.</param>
/// <param name="Shape">The shape of <paramref name="Data"/>'s schema, e.g. from <see cref="EstimatorConformance.ShapeOf{TRow}"/>.</param>
internal sealed record ConformanceInput(IDataView Data, SchemaShape Shape);

/// <summary>The inputs of ML.NET's estimator workout test.</summary>
/// <param name="ValidFit">Valid for fitting and for the fitted transformer.</param>
/// <param name="ValidTransform">Valid for the fitted transformer but not for fitting (e.g. without the label).</param>
/// <param name="Invalid">Valid for neither (e.g. features of a wrong type).</param>
/// <param name="ValidForFitNotValidForTransform">Valid for fitting, but not for a transformer fitted on <paramref name="ValidFit"/> (e.g. another feature count).</param>
internal sealed record ConformanceInputs(ConformanceInput ValidFit, ConformanceInput ValidTransform, ConformanceInput Invalid, ConformanceInput ValidForFitNotValidForTransform);

/// <summary>
/// The checks every estimator here must pass: every trait of ML.NET's estimator workout test (<c>TestEstimatorCore</c>
/// in test/Microsoft.ML.TestFramework/DataPipe/TestDataPipeBase.cs), plus a clear message for a missing column and
/// the task's evaluator accepting the output. All traits run; the test fails once, listing each that failed.
/// </summary>
internal static class EstimatorConformance
{
    /// <param name="ml">The context models are saved and loaded with.</param>
    /// <param name="estimator">The estimator under test.</param>
    /// <param name="inputs">Valid, valid-for-transform-only, invalid and valid-for-fit-only inputs.</param>
    /// <param name="missingColumn">A column the estimator needs: dropping it from the valid input must fail clearly.</param>
    /// <param name="evaluate">Runs the task's ML.NET evaluator on scored data.</param>
    public static void Check<TTransformer>(
        MLContext ml, IEstimator<TTransformer> estimator, ConformanceInputs inputs, string missingColumn, Action<IDataView> evaluate)
        where TTransformer : class, ITransformer
    {
        var log = new TraitLog();
        var (validFit, validTransform) = (inputs.ValidFit, inputs.ValidTransform);
        var invalidForTransformer = new[] { ("invalid", inputs.Invalid), ("validForFitNotValidForTransform", inputs.ValidForFitNotValidForTransform) };

        // The estimator applies to the valid input and the valid-for-fit input, and not to the others.
        SchemaShape promised = log.Require("estimator.GetOutputSchema(validFit shape) works", () => estimator.GetOutputSchema(validFit.Shape));
        foreach (var (name, input) in new[] { ("validTransform", validTransform), ("invalid", inputs.Invalid) })
        {
            log.MustFail($"estimator.GetOutputSchema({name} shape) fails", () => estimator.GetOutputSchema(input.Shape));
            log.MustFail($"estimator.Fit({name}) fails", () => estimator.Fit(input.Data));
        }
        var fitOnly = inputs.ValidForFitNotValidForTransform;
        log.Check("estimator.GetOutputSchema(validForFitNotValidForTransform shape) works", () => estimator.GetOutputSchema(fitOnly.Shape));
        log.Check("estimator.Fit(validForFitNotValidForTransform) works", () => Dispose(estimator.Fit(fitOnly.Data)));

        // The fitted transformer saves and loads.
        TTransformer transformer = log.Require("estimator.Fit(validFit) works", () => estimator.Fit(validFit.Data));
        var (loaded, loadedInputSchema) = log.Require("Model.Save → Model.Load works", () => SaveAndLoad(ml, transformer, validFit.Data.Schema));
        try
        {
            // Both apply to the valid inputs with the same schema and values, and to neither of the invalid ones.
            CheckOnData(log, transformer, loaded, "validFit", validFit.Data);
            log.Check("the loaded model's input schema is validFit's schema", () => SchemaComparison.AssertSame(validFit.Data.Schema, loadedInputSchema));
            CheckOnData(log, transformer, loaded, "validTransform", validTransform.Data);
            foreach (var (name, input) in invalidForTransformer)
            {
                log.MustFail($"transformer.GetOutputSchema({name}) fails", () => transformer.GetOutputSchema(input.Data.Schema));
                log.MustFail($"transformer.Transform({name}) fails", () => transformer.Transform(input.Data));
                log.MustFail($"loaded.GetOutputSchema({name}) fails", () => loaded.GetOutputSchema(input.Data.Schema));
                log.MustFail($"loaded.Transform({name}) fails", () => loaded.Transform(input.Data));
            }

            // The fitted schema keeps the estimator's promise.
            log.Check("the delivered schema keeps the promised SchemaShape",
                () => SchemaComparison.AssertKeepsPromise(promised, transformer.GetOutputSchema(validFit.Data.Schema)));

            // Beyond ML.NET's test: a missing column fails with its name, before training and at Fit; the evaluator accepts the output.
            CheckMissingColumn(log, ml, estimator, validFit, missingColumn);
            log.Check("the task's evaluator accepts the output", () => evaluate(transformer.Transform(validFit.Data)));
        }
        finally
        {
            Dispose(loaded);
            Dispose(transformer);
        }
        log.AssertAllPassed();
    }

    /// <summary>The shape of a row class's columns, through a never-run CustomMapping (SchemaShape.Create is internal).</summary>
    public static SchemaShape ShapeOf<TRow>(MLContext ml)
        where TRow : class, new() =>
        ml.Transforms.CustomMapping<NoColumns, TRow>(static (_, _) => { }, null).GetOutputSchema(new SchemaShape([]));

    private static void CheckOnData(TraitLog log, ITransformer transformer, ITransformer loaded, string name, IDataView data)
    {
        DataViewSchema schema = log.Require($"transformer.GetOutputSchema({name}) works", () => transformer.GetOutputSchema(data.Schema));
        if (transformer.IsRowToRowMapper)
        {
            log.Check($"transformer.GetRowToRowMapper({name}): the input schema is the data's, the output schema GetOutputSchema's", () =>
            {
                IRowToRowMapper mapper = transformer.GetRowToRowMapper(data.Schema);
                Assert.AreSame(data.Schema, mapper.InputSchema, "InputSchema is not the very schema given");
                SchemaComparison.AssertSame(schema, mapper.OutputSchema);
            });
        }
        else
        {
            log.MustFail($"transformer.GetRowToRowMapper({name}) fails (IsRowToRowMapper is false)", () => transformer.GetRowToRowMapper(data.Schema));
        }
        log.Check($"loaded.GetOutputSchema({name}) is the same schema", () => SchemaComparison.AssertSame(schema, loaded.GetOutputSchema(data.Schema)));

        IDataView scored = log.Require($"transformer.Transform({name}) works", () => transformer.Transform(data));
        IDataView reloaded = log.Require($"loaded.Transform({name}) works", () => loaded.Transform(data));
        log.Check($"transformer.Transform({name}).Schema is GetOutputSchema's", () => SchemaComparison.AssertSame(schema, scored.Schema));
        log.Check($"loaded.Transform({name}).Schema is the same", () => SchemaComparison.AssertSame(scored.Schema, reloaded.Schema));
        log.Check($"loaded.Transform({name}) has the same values", () => ViewComparison.AssertSameValues(scored, reloaded));
    }

    private static void CheckMissingColumn<TTransformer>(TraitLog log, MLContext ml, IEstimator<TTransformer> estimator, ConformanceInput valid, string missingColumn)
        where TTransformer : class, ITransformer
    {
        var withoutColumn = ml.Transforms.DropColumns(missingColumn).Fit(valid.Data).Transform(valid.Data);
        var shapeWithout = new SchemaShape(valid.Shape.Where(c => c.Name != missingColumn));
        log.Check($"GetOutputSchema without '{missingColumn}' names it", () =>
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(shapeWithout)).Message, $"'{missingColumn}' was not found"));
        log.Check($"Fit without '{missingColumn}' names it", () =>
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(withoutColumn)).Message, $"'{missingColumn}' was not found"));
    }

    private static (ITransformer Loaded, DataViewSchema InputSchema) SaveAndLoad(MLContext ml, ITransformer transformer, DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(transformer, inputSchema, stream);
        stream.Position = 0;
        return (ml.Model.Load(stream, out var loadedInputSchema), loadedInputSchema);
    }

    private static void Dispose(object? transformer) => (transformer as IDisposable)?.Dispose();

    /// <summary>A row type without columns.</summary>
    public sealed class NoColumns;
}
