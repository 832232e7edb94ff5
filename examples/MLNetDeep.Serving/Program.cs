using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;
using MLNetDeep.Serving;

// Serves a saved DeepMlp spambase model (out/model.zip from examples/MLNetDeep.Demo) over HTTP:
//   POST /predict  {"features": [57 numbers]}  →  {"spam": true, "probability": 0.98, "score": 4.1}
//   GET  /health   →  Healthy
// Usage: MLNetDeep.Serving --model <model.zip> [--urls http://127.0.0.1:5000] [--pool-size N]
// The app references MLNetDeep.Scoring and stock ML.NET only (no TorchSharp). One model is loaded and shared;
// PredictionEngines, which are not thread-safe, are pooled: each request borrows one and gives it back.
var builder = WebApplication.CreateBuilder(args);
string? modelPath = builder.Configuration["model"];
int poolSize = builder.Configuration.GetValue("pool-size", 2 * Environment.ProcessorCount);
if (string.IsNullOrEmpty(modelPath) || poolSize < 1)
{
    Console.Error.WriteLine("Usage: MLNetDeep.Serving --model <model.zip> [--urls http://127.0.0.1:5000] [--pool-size N ≥ 1]");
    return 2;
}
modelPath = Path.GetFullPath(modelPath);
if (!File.Exists(modelPath))
{
    Console.Error.WriteLine($"{modelPath} not found. examples/MLNetDeep.Demo writes one as out/model.zip (see examples/MLNetDeep.Serving/README.md).");
    return 2;
}
if (builder.Configuration["urls"] is null)
    builder.WebHost.UseUrls("http://127.0.0.1:5000");
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

// One model for all engines. The pool keeps up to --pool-size engines (default 2 per core) and disposes the extra
// ones it makes in bursts; a disposed engine disposes its model, and LoadModel's model keeps its ONNX session open
// through that. (With plain mlContext.Model.Load, use new PredictionEngineOptions { OwnsTransformer = false }.)
var mlContext = new MLContext(seed: 0);
SharedSessionModel model = MLNetDeepScoring.LoadModel(mlContext, modelPath, out DataViewSchema inputSchema);
if (SpamInput.SchemaProblem(inputSchema) is string problem)
{
    Console.Error.WriteLine($"{modelPath}: {problem}");
    return 1;
}
var pool = new DefaultObjectPoolProvider { MaximumRetained = poolSize }.Create(new PredictionEnginePolicy<SpamInput, SpamPrediction>(mlContext, model));
pool.Return(pool.Get()); // Fails here, before listening, if the model cannot score a SpamInput.
builder.Services.AddSingleton(pool);
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health");
app.MapPost("/predict", Predict);
if (app.Logger.IsEnabled(LogLevel.Information))
    app.Logger.LogInformation("Serving {Model}: POST /predict with {Count} features", modelPath, SpamInput.FeatureCount);
app.Run();
return 0;

static Results<Ok<PredictResponse>, ProblemHttpResult> Predict(PredictRequest request, ObjectPool<PredictionEngine<SpamInput, SpamPrediction>> pool)
{
    if (request.Features is not { Length: SpamInput.FeatureCount } features)
    {
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
            detail: $"\"features\" must hold {SpamInput.FeatureCount} numbers; got {request.Features?.Length ?? 0}.");
    }
    PredictionEngine<SpamInput, SpamPrediction> engine = pool.Get();
    try
    {
        SpamPrediction p = engine.Predict(new SpamInput { Raw = features });
        return TypedResults.Ok(new PredictResponse(p.PredictedLabel, p.Probability, p.Score));
    }
    finally
    {
        pool.Return(engine);
    }
}

/// <summary>The body of <c>POST /predict</c>: one row of raw spambase features.</summary>
/// <param name="Features">The 57 raw features, in the order of spambase.csv's columns.</param>
internal sealed record PredictRequest(float[]? Features);

/// <summary>The answer of <c>POST /predict</c>.</summary>
/// <param name="Spam">The predicted class.</param>
/// <param name="Probability">The calibrated probability of spam.</param>
/// <param name="Score">The raw score (logit).</param>
internal sealed record PredictResponse(bool Spam, float Probability, float Score);

/// <summary>One raw spambase row, as the saved pipeline expects it (see examples/MLNetDeep.Demo).</summary>
internal sealed class SpamInput
{
    /// <summary>The number of raw features.</summary>
    public const int FeatureCount = 57;

    /// <summary>The raw features.</summary>
    [VectorType(FeatureCount)]
    public float[] Raw { get; set; } = [];

    /// <summary>The label column the pipeline was trained with; unknown when serving, so left empty.</summary>
    [ColumnName("type")]
    public string Type { get; set; } = string.Empty;

    /// <summary>Says what is wrong when a model's input columns do not match this class; null when they do.</summary>
    public static string? SchemaProblem(DataViewSchema schema) =>
        schema.GetColumnOrNull("Raw")?.Type is VectorDataViewType { ItemType: var item, Size: FeatureCount } && item == NumberDataViewType.Single
            ? null
            : $"expected a spambase model whose input has a column 'Raw' of {FeatureCount} Singles (see examples/MLNetDeep.Demo); " +
              $"this one has: {string.Join(", ", schema.Select(c => $"{c.Name} ({c.Type})"))}.";
}

/// <summary>The binary prediction columns.</summary>
internal sealed class SpamPrediction
{
    /// <summary>The raw score.</summary>
    public float Score { get; set; }

    /// <summary>The probability of spam.</summary>
    public float Probability { get; set; }

    /// <summary>The predicted class.</summary>
    public bool PredictedLabel { get; set; }
}
