namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Names of the intermediate columns that a saved MLNetDeep model passes from its ONNX graph to the head adapters.
    /// They are part of the saved-model format (<c>v1</c>): never rename them. Every name starts with <see cref="Prefix"/>.
    /// </summary>
    internal static class ScoringColumnNames
    {
        /// <summary>The prefix of every intermediate column; no other column of a scoring chain may start with it.</summary>
        public const string Prefix = "MLNetDeep.v1.";

        public const string BinaryLogit = "MLNetDeep.v1.Logit";
        public const string BinaryProbability = "MLNetDeep.v1.Probability";
        public const string MulticlassProbabilities = "MLNetDeep.v1.Probabilities";
        public const string MulticlassClassIndex = "MLNetDeep.v1.ClassIndex";
        public const string MulticlassPredictedIndex = "MLNetDeep.v1.PredictedIndex";
        public const string RegressionScore = "MLNetDeep.v1.Score";

        /// <summary>What <see cref="ProbabilityBlockMapping"/> reads and writes: the class probabilities not yet taken, a vector.</summary>
        public const string RemainingProbabilities = "MLNetDeep.v1.RemainingProbabilities";

        /// <summary>Followed by 0 … <see cref="ProbabilityBlockMapping.BlockSize"/> − 1: the scalars <see cref="ProbabilityBlockMapping"/> writes.</summary>
        public const string BlockProbabilityPrefix = "MLNetDeep.v1.BlockProbability.";
    }
}
