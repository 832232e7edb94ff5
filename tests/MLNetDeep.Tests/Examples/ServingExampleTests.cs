using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Serving, started as a separate process without TorchSharp, answers concurrent requests with
/// what the saved model predicts in-process, and rejects a row of the wrong length with a clear message.
/// </summary>
[TestClass]
public sealed class ServingExampleTests
{
    private const int Requests = 200, Clients = 8;

    [TestMethod]
    public async Task Server_UnderConcurrentRequests_AnswersWhatTheSavedModelPredicts()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-serving-").FullName;
        try
        {
            var ml = new MLContext(seed: 1);
            string modelPath = Path.Combine(folder, "model.zip");
            IDataView rows = TrainAndSaveTinySpambaseModel(ml, modelPath);

            // What the saved model predicts in this process, row by row.
            IDataView scored = ml.Model.Load(modelPath, out _).Transform(rows);
            float[][] features = [.. rows.GetColumn<float[]>("Raw")];
            float[] probabilities = [.. scored.GetColumn<float>("Probability")];
            float[] scores = [.. scored.GetColumn<float>("Score")];
            bool[] labels = [.. scored.GetColumn<bool>("PredictedLabel")];
            Assert.AreEqual(2, labels.Distinct().Count(), "the model predicts both classes on these rows");
            string serverFolder = Path.GetDirectoryName(ExampleRunner.DllPath("MLNetDeep.Serving"))!;
            Assert.IsFalse(File.Exists(Path.Combine(serverFolder, "TorchSharp.dll")), "the server is built without TorchSharp");

            // A pool of one: concurrent requests get extra engines, which the pool disposes. Each dispose would close the
            // ONNX session of a model from plain mlContext.Model.Load (requests then fail); LoadModel's model survives it.
            using var server = await ExampleServer.StartAsync("MLNetDeep.Serving", "/health", TimeSpan.FromSeconds(60), "--model", modelPath, "--pool-size", "1");
            var clock = Stopwatch.StartNew();
            var answers = await PostConcurrentlyAsync(server, features);
            Console.WriteLine($"{Requests} requests on {Clients} clients in {clock.Elapsed.TotalMilliseconds:F0} ms");

            Assert.AreEqual(Requests, answers.Count);
            foreach (var (row, answer) in answers)
            {
                Assert.AreEqual(probabilities[row], answer.Probability, 1e-6f, $"probability of row {row}");
                Assert.AreEqual(scores[row], answer.Score, 1e-5f, $"score of row {row}");
                Assert.AreEqual(labels[row], answer.Spam, $"class of row {row}");
            }

            using var wrong = await server.Client.PostAsJsonAsync("/predict", new { features = new float[] { 1, 2, 3 } });
            Assert.AreEqual(HttpStatusCode.BadRequest, wrong.StatusCode);
            var problem = await wrong.Content.ReadFromJsonAsync<Problem>();
            Assert.AreEqual("\"features\" must hold 57 numbers; got 3.", problem!.Detail);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Fits the spambase preprocessing and a small DeepMlp on 64 shuffled rows, saves it, returns the rows.</summary>
    private static IDataView TrainAndSaveTinySpambaseModel(MLContext ml, string modelPath)
    {
        var (data, preprocessing) = BundledDatasets.Spambase(ml);
        // A pool over every row: spambase lists the spam first, and the default pool of 1,000 gave 64 spam rows (one class).
        IDataView rows = ml.Data.Cache(ml.Data.TakeRows(ml.Data.ShuffleRows(data, seed: 1, shufflePoolSize: 5000), 64));
        var trainer = ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 3 });
        ml.Model.Save(preprocessing.Append(trainer).Fit(rows), rows.Schema, modelPath);
        return rows;
    }

    /// <summary>Sends <see cref="Requests"/> rows (cycling through <paramref name="features"/>) from <see cref="Clients"/> concurrent clients.</summary>
    private static async Task<List<(int Row, Answer Answer)>> PostConcurrentlyAsync(ExampleServer server, float[][] features)
    {
        var perClient = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var answers = new List<(int Row, Answer Answer)>();
            for (int request = client; request < Requests; request += Clients)
            {
                int row = request % features.Length;
                using var response = await server.Client.PostAsJsonAsync("/predict", new { features = features[row] });
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{await response.Content.ReadAsStringAsync()}\nThe server is {server.State}; it said:\n{server.Output}");
                answers.Add((row, (await response.Content.ReadFromJsonAsync<Answer>())!));
            }
            return answers;
        }));
        try
        {
            var answers = await Task.WhenAll(perClient).WaitAsync(TimeSpan.FromSeconds(60));
            return [.. answers.SelectMany(a => a)];
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"{e.Message} The server is {server.State}; it said:\n{server.Output}");
            throw;
        }
    }

    /// <summary>The body of a <c>POST /predict</c> answer.</summary>
    private sealed record Answer(bool Spam, float Probability, float Score);

    /// <summary>The part of a problem details body (RFC 9457) that the test reads.</summary>
    private sealed record Problem(string Detail);
}
