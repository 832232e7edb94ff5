using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

// Usage: MLNetDeep.ScoringHost <binary|multiclass|regression> model.zip input.idv output.tsv
//    or: MLNetDeep.ScoringHost fuzz folder-of-zips input.idv output.tsv (see Fuzz.cs)
// Scores input.idv through Transform and through a PredictionEngine, and writes one line per row and path:
// "<transform|engine>\t<row>\t<value>\t...", floats in round-trip format. The engine's input is the first
// Single-vector column of input.idv.
if (args.Length == 4 && args[0] == "fuzz")
    return Fuzz.Run(args[1], args[2], args[3]);
if (args.Length != 4 || args[0] is not ("binary" or "multiclass" or "regression"))
{
    Console.Error.WriteLine("Usage: MLNetDeep.ScoringHost <binary|multiclass|regression> model.zip input.idv output.tsv");
    return 2;
}

var mlContext = new MLContext(seed: 0);
ITransformer model = mlContext.Model.Load(args[1], out _);
IDataView input = mlContext.Data.LoadFromBinary(args[2]);
var lines = new List<string>();
lines.AddRange(Scoring.ThroughTransform(args[0], model.Transform(input)).Select((v, i) => Scoring.Line("transform", i, v)));
lines.AddRange(Scoring.ThroughEngine(mlContext, args[0], model, input).Select((v, i) => Scoring.Line("engine", i, v)));
File.WriteAllLines(args[3], lines);
(model as IDisposable)?.Dispose();
return 0;

internal static class Scoring
{
    public static string Line(string path, int row, IEnumerable<string> values) =>
        string.Join('\t', new[] { path, row.ToString(CultureInfo.InvariantCulture) }.Concat(values));

    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static IEnumerable<IEnumerable<string>> ThroughTransform(string task, IDataView scored) => task switch
    {
        "binary" => scored.GetColumn<float>("Score").Zip(scored.GetColumn<float>("Probability"), scored.GetColumn<bool>("PredictedLabel"))
            .Select(t => new[] { Format(t.First), Format(t.Second), t.Third ? "1" : "0" }),
        "multiclass" => scored.GetColumn<float[]>("Score").Zip(scored.GetColumn<uint>("PredictedLabel"))
            .Select(t => t.First.Select(Format).Append(t.Second.ToString(CultureInfo.InvariantCulture))),
        _ => scored.GetColumn<float>("Score").Select(s => new[] { Format(s) }),
    };

    public static IEnumerable<IEnumerable<string>> ThroughEngine(MLContext mlContext, string task, ITransformer model, IDataView input)
    {
        DataViewSchema.Column vector = input.Schema.First(c => c.Type is VectorDataViewType { ItemType: NumberDataViewType n } && n == NumberDataViewType.Single);
        var definition = SchemaDefinition.Create(typeof(VectorInput), SchemaDefinition.Direction.Read);
        definition[0].ColumnName = vector.Name;
        definition[0].ColumnType = vector.Type;
        float[][] rows = input.GetColumn<float[]>(vector.Name).ToArray();
        return task switch
        {
            "binary" => Predict<BinaryOutput>(mlContext, model, definition, rows, o => [Format(o.Score), Format(o.Probability), o.PredictedLabel ? "1" : "0"]),
            "multiclass" => Predict<MulticlassOutput>(mlContext, model, definition, rows, o => o.Score.Select(Format).Append(o.PredictedLabel.ToString(CultureInfo.InvariantCulture))),
            _ => Predict<RegressionOutput>(mlContext, model, definition, rows, o => [Format(o.Score)]),
        };
    }

    private static List<IEnumerable<string>> Predict<TOutput>(
        MLContext mlContext, ITransformer model, SchemaDefinition definition, float[][] rows, Func<TOutput, IEnumerable<string>> format)
        where TOutput : class, new()
    {
        using var engine = mlContext.Model.CreatePredictionEngine<VectorInput, TOutput>(model, inputSchemaDefinition: definition);
        return rows.Select(r => format(engine.Predict(new VectorInput { Features = r })).ToList().AsEnumerable()).ToList();
    }
}

internal sealed class VectorInput
{
    public float[] Features { get; set; } = [];
}

internal sealed class BinaryOutput
{
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}

internal sealed class MulticlassOutput
{
    public float[] Score { get; set; } = [];
    public uint PredictedLabel { get; set; }
}

internal sealed class RegressionOutput
{
    public float Score { get; set; }
}
