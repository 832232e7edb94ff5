namespace MLNetDeep.Checkpoints;

/// <summary>
/// A part of training with state a checkpoint must carry (the plateau schedule's rate, the float16 loss scale, the mixup
/// factors drawn so far). Parts without state do not implement it.
/// </summary>
internal interface ICheckpointPart
{
    void Save(CheckpointState state);

    void Restore(CheckpointState state);
}

/// <summary>
/// A seeded <see cref="Random"/> that counts its draws, so a checkpoint can store its position and a resumed fit can
/// reach the same position (a fresh generator with the seed, advanced by the count).
/// </summary>
internal sealed class ReplayableRandom(int seed) : ICheckpointPart
{
    private Random _random = new(seed);
    private long _draws;

    public double NextDouble()
    {
        _draws++;
        return _random.NextDouble();
    }

    public void Save(CheckpointState state) => state.Set("Draws", _draws);

    public void Restore(CheckpointState state)
    {
        long draws = state.GetInt64("Draws");
        _random = new Random(seed);
        for (_draws = 0; _draws < draws; _draws++)
            _random.NextDouble();
    }
}
