namespace MLNetDeep;

/// <summary>Normalization applied after each hidden linear layer, before its activation.</summary>
public enum Normalization
{
    /// <summary>No normalization (the default).</summary>
    None,
    /// <summary>
    /// Batch normalization: standardizes each unit over the batch while training and with running averages at
    /// inference (the saved model uses the running averages). Helps deep networks train; needs batches of more than
    /// a few rows (a batch of one row uses the running averages).
    /// </summary>
    BatchNorm,
    /// <summary>
    /// Layer normalization: standardizes each row over the layer's units, the same in training and inference.
    /// Independent of the batch size; a good choice with residual connections.
    /// </summary>
    LayerNorm,
}
