using System;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNetDeep.Scoring
{
    /// <summary>What the regression head adapter reads: the ONNX graph's size-1 prediction vector.</summary>
    public sealed class RegressionHeadInput
    {
        /// <summary>The prediction in label units, a vector of size 1.</summary>
        [ColumnName(ScoringColumnNames.RegressionScore)]
        [VectorType(1)]
        public float[] Score { get; set; } = new float[1];
    }

    /// <summary>What the regression head adapter writes: the column ML.NET's regression trainers produce.</summary>
    public sealed class RegressionHeadOutput
    {
        /// <summary>The prediction in label units.</summary>
        public float Score { get; set; }
    }

    /// <summary>
    /// Stateless ML.NET custom mapping that turns the regression ONNX output into the scalar <c>Score</c> column that
    /// <c>Regression.Evaluate</c> needs. Saved models refer to it by <see cref="ContractName"/>.
    /// </summary>
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class RegressionHeadMapping : CustomMappingFactory<RegressionHeadInput, RegressionHeadOutput>
    {
        /// <summary>The contract name written into saved models.</summary>
        public const string ContractName = "MLNetDeep.RegressionHead.v1";

        /// <summary>Maps one row.</summary>
        /// <param name="input">The ONNX output.</param>
        /// <param name="output">The scalar score.</param>
        public static void Map(RegressionHeadInput input, RegressionHeadOutput output)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (output is null) throw new ArgumentNullException(nameof(output));
            output.Score = input.Score[0];
        }

        /// <inheritdoc/>
        public override Action<RegressionHeadInput, RegressionHeadOutput> GetMapping() => Map;
    }
}
