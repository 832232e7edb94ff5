using System;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNetDeep.Scoring
{
    /// <summary>What the binary head adapter reads: the ONNX graph's size-1 logit and probability vectors.</summary>
    public sealed class BinaryHeadInput
    {
        /// <summary>The raw margin (logit), a vector of size 1.</summary>
        [ColumnName(ScoringColumnNames.BinaryLogit)]
        [VectorType(1)]
        public float[] Logit { get; set; } = new float[1];

        /// <summary>The sigmoid of the logit, a vector of size 1.</summary>
        [ColumnName(ScoringColumnNames.BinaryProbability)]
        [VectorType(1)]
        public float[] Probability { get; set; } = new float[1];
    }

    /// <summary>What the binary head adapter writes: the columns ML.NET's binary classifiers produce.</summary>
    public sealed class BinaryHeadOutput
    {
        /// <summary>The raw margin (logit); positive means the positive class.</summary>
        public float Score { get; set; }

        /// <summary>The probability of the positive class, in [0, 1].</summary>
        public float Probability { get; set; }

        /// <summary>True when <see cref="Score"/> is greater than 0.</summary>
        public bool PredictedLabel { get; set; }
    }

    /// <summary>
    /// Stateless ML.NET custom mapping that turns the binary ONNX outputs into the scalar <c>Score</c>,
    /// <c>Probability</c> and <c>PredictedLabel</c> columns that <c>BinaryClassification.Evaluate</c> needs.
    /// Saved models refer to it by <see cref="ContractName"/>.
    /// </summary>
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class BinaryHeadMapping : CustomMappingFactory<BinaryHeadInput, BinaryHeadOutput>
    {
        /// <summary>The contract name written into saved models.</summary>
        public const string ContractName = "MLNetDeep.BinaryHead.v1";

        /// <summary>Maps one row.</summary>
        /// <param name="input">The ONNX outputs.</param>
        /// <param name="output">The scalar columns.</param>
        public static void Map(BinaryHeadInput input, BinaryHeadOutput output)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (output is null) throw new ArgumentNullException(nameof(output));
            float logit = input.Logit[0];
            output.Score = logit;
            output.Probability = input.Probability[0];
            output.PredictedLabel = logit > 0;
        }

        /// <inheritdoc/>
        public override Action<BinaryHeadInput, BinaryHeadOutput> GetMapping() => Map;
    }
}
