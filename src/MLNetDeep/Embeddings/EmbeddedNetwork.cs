using MLNetDeep.Data;
using MLNetDeep.Modules;
using MLNetDeep.Snapshots;
using static TorchSharp.torch;

namespace MLNetDeep.Embeddings;

/// <summary>
/// A network family (<see cref="MlpNetwork"/>, <see cref="TabMNetwork"/>) behind an input embedding
/// (<see cref="FeatureEmbedding"/>): the body reads the embedding's output in its own parameter type.
/// </summary>
internal sealed class EmbeddedNetwork : TabularNetwork
{
    private readonly FeatureEmbedding embedding;
    private readonly TabularNetwork body;

    public EmbeddedNetwork(FeatureEmbedding embedding, TabularNetwork body) : base(nameof(EmbeddedNetwork))
    {
        if (body.InputSize != embedding.Plan.OutputWidth)
            throw new ArgumentException($"The body reads {body.InputSize} values, but the embedding gives {embedding.Plan.OutputWidth}.", nameof(body));
        this.embedding = embedding;
        this.body = body;
        RegisterComponents();
    }

    /// <summary>The input embedding.</summary>
    public FeatureEmbedding Embedding => embedding;

    /// <summary>The network after the embedding.</summary>
    public TabularNetwork Body => body;

    public override int InputSize => embedding.Plan.InputSize;

    public override EmbeddingPlan? EmbeddingPlan => embedding.Plan;

    public override IReadOnlyList<IObservedBlock> ObservedBlocks => body.ObservedBlocks;

    public override IReadOnlyList<Tensor> LayerWeights => body.LayerWeights;

    public override Tensor forward(Tensor input)
    {
        using var embedded = embedding.call(input);
        ScalarType type = body.parameters().First().dtype;
        return body.call(embedded.dtype == type ? embedded : embedded.to(type));
    }

    /// <summary>The body's snapshot (no standardization folded: the embedding carries it) behind the embedding's.</summary>
    public override NetworkSnapshot ToSnapshot(PredictionTask task, FeatureScaling inputScaling)
    {
        eval();
        var plan = embedding.Plan;
        if (!inputScaling.Mean.AsSpan().SequenceEqual(plan.Mean) || !inputScaling.Scale.AsSpan().SequenceEqual(plan.Scale))
            throw new InvalidOperationException("The input embedding was planned for another standardization than the data's.");
        return body.ToSnapshot(task, FeatureScaling.Identity(plan.OutputWidth)) with { InputSize = plan.InputSize, Embedding = embedding.ToSnapshot() };
    }

    public override void Load(NetworkSnapshot snapshot, FeatureScaling inputScaling)
    {
        if (snapshot.Embedding is not { } trained)
            throw new ArgumentException("The snapshot has no input embedding.", nameof(snapshot));
        embedding.Load(trained);
        body.Load(snapshot with { InputSize = embedding.Plan.OutputWidth, Embedding = null }, FeatureScaling.Identity(embedding.Plan.OutputWidth));
    }
}
