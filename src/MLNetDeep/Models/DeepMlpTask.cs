namespace MLNetDeep;

/// <summary>The machine-learning task a <see cref="DeepMlpTransformer"/> was trained for; it decides the output columns.</summary>
public enum DeepMlpTask
{
    /// <summary>Two classes: <c>Score</c> (raw margin), <c>Probability</c> and <c>PredictedLabel</c> (Boolean).</summary>
    BinaryClassification,
    /// <summary>Several classes: <c>Score</c> (vector of class probabilities) and <c>PredictedLabel</c> (key of the label's key type).</summary>
    MulticlassClassification,
    /// <summary>A real value: <c>Score</c> (Single).</summary>
    Regression,
}
