namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Names of the intermediate columns that a saved MLNetDeep model passes from its ONNX graph to the head adapters.
    /// They are part of the saved-model format (<c>v1</c>): never rename them.
    /// </summary>
    internal static class ScoringColumnNames
    {
        public const string BinaryLogit = "MLNetDeep.v1.Logit";
        public const string BinaryProbability = "MLNetDeep.v1.Probability";
        public const string MulticlassProbabilities = "MLNetDeep.v1.Probabilities";
        public const string MulticlassClassIndex = "MLNetDeep.v1.ClassIndex";
        public const string MulticlassPredictedIndex = "MLNetDeep.v1.PredictedIndex";
        public const string RegressionScore = "MLNetDeep.v1.Score";
    }
}
