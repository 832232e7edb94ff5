using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>Saves a model, loads it with <c>MLNetDeepScoring.LoadModel</c> (its allow-lists included) and compares the scores.</summary>
internal static class ReloadCheck
{
    /// <summary>Asserts that the reloaded model scores <paramref name="data"/> as <paramref name="scores"/> within 1e-5; returns the reloaded scored schema.</summary>
    public static DataViewSchema AssertSameScores(MLContext ml, ITransformer model, IDataView data, float[] scores)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-embedding-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = MLNetDeepScoring.LoadModel(ml, path, out _);
            IDataView scored = loaded.Transform(data);
            float[] reloaded = SyntheticData.Scores(scored);
            for (int i = 0; i < scores.Length; i++)
                Assert.AreEqual(scores[i], reloaded[i], 1e-5, $"row {i}");
            return scored.Schema;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
