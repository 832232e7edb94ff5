using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>
/// The checks every estimator here must pass (after ML.NET's TestEstimatorCore): the schema it promises is the
/// schema it produces (annotations included), input without the needed column fails clearly before and during Fit, a save → load round
/// trip scores identically, and ML.NET's evaluator accepts the output.
/// </summary>
internal static class EstimatorConformance
{
    /// <param name="ml">The context.</param>
    /// <param name="estimator">The estimator under test.</param>
    /// <param name="data">Valid training data.</param>
    /// <param name="inputShape">The shape of <paramref name="data"/> (ML.NET offers no public DataViewSchema → SchemaShape conversion).</param>
    /// <param name="missingColumn">A column the estimator needs: dropping it must fail clearly.</param>
    /// <param name="evaluate">Runs the task's ML.NET evaluator on scored data.</param>
    public static void Check<TTransformer>(
        MLContext ml, IEstimator<TTransformer> estimator, IDataView data, SchemaShape inputShape, string missingColumn, Action<IDataView> evaluate)
        where TTransformer : class, ITransformer
    {
        // Schema propagation: every promised column exists with the same name, item type and vector kind.
        var promised = estimator.GetOutputSchema(inputShape);
        var model = estimator.Fit(data);
        var scored = model.Transform(data);
        foreach (var column in promised)
        {
            var actual = scored.Schema.GetColumnOrNull(column.Name);
            Assert.IsNotNull(actual, $"promised column '{column.Name}' is missing from the output");
            var type = actual.Value.Type;
            var kind = type is VectorDataViewType v ? (v.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector) : SchemaShape.Column.VectorKind.Scalar;
            Assert.AreEqual(column.Kind, kind, $"vector kind of '{column.Name}'");
            if (type is KeyDataViewType key)
            {
                Assert.IsTrue(column.IsKey, $"'{column.Name}' is a key but was not promised as one");
                Assert.AreEqual(key.RawType, column.ItemType.RawType, $"key raw type of '{column.Name}'");
            }
            else
            {
                Assert.AreEqual(column.ItemType, type.GetItemType(), $"item type of '{column.Name}'");
            }

            // Annotations: ML.NET's TestEstimatorCore wants the promised ones to be a superset of the delivered ones;
            // promising one that is not delivered would mislead a downstream estimator, so the sets must be equal.
            CollectionAssert.AreEquivalent(
                column.Annotations.Select(a => a.Name).ToArray(),
                actual.Value.Annotations.Schema.Select(a => a.Name).ToArray(),
                $"annotations of '{column.Name}'");
        }

        // Invalid input fails clearly, before training (schema shape) and at Fit.
        var withoutColumn = ml.Transforms.DropColumns(missingColumn).Fit(data).Transform(data);
        var shapeWithout = new SchemaShape(inputShape.Where(c => c.Name != missingColumn));
        var shapeError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(shapeWithout));
        StringAssert.Contains(shapeError.Message, $"'{missingColumn}' was not found");
        var fitError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(withoutColumn));
        StringAssert.Contains(fitError.Message, $"'{missingColumn}' was not found");

        // Save → load gives identical outputs.
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out var loadedSchema);
        Assert.AreEqual(data.Schema.Count, loadedSchema.Count);
        CollectionAssert.AreEqual(SyntheticData.Scores(scored), SyntheticData.Scores(loaded.Transform(data)));

        // The task's evaluator accepts the output.
        evaluate(scored);
    }

    /// <summary>The shape of a row class's columns, through a never-run CustomMapping (SchemaShape.Create is internal).</summary>
    public static SchemaShape ShapeOf<TRow>(MLContext ml)
        where TRow : class, new() =>
        ml.Transforms.CustomMapping<NoColumns, TRow>(static (_, _) => { }, null).GetOutputSchema(new SchemaShape([]));

    private static DataViewType GetItemType(this DataViewType type) => type is VectorDataViewType v ? v.ItemType : type;

    /// <summary>A row type without columns.</summary>
    public sealed class NoColumns;
}
