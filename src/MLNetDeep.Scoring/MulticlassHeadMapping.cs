using System;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNetDeep.Scoring
{
    /// <summary>What the multiclass head adapter reads: the ONNX graph's size-1 arg-max vector.</summary>
    public sealed class MulticlassHeadInput
    {
        /// <summary>The 0-based index of the most probable class, a vector of size 1.</summary>
        [ColumnName(ScoringColumnNames.MulticlassClassIndex)]
        [VectorType(1)]
        public long[] ClassIndex { get; set; } = new long[1];
    }

    /// <summary>What the multiclass head adapter writes: the class index as a scalar, later mapped to the label's key type.</summary>
    public sealed class MulticlassHeadOutput
    {
        /// <summary>The 0-based index of the most probable class.</summary>
        [ColumnName(ScoringColumnNames.MulticlassPredictedIndex)]
        public uint PredictedIndex { get; set; }
    }

    /// <summary>
    /// Stateless ML.NET custom mapping that turns the multiclass ONNX arg-max output into a scalar class index.
    /// Saved models refer to it by <see cref="ContractName"/>.
    /// </summary>
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class MulticlassHeadMapping : CustomMappingFactory<MulticlassHeadInput, MulticlassHeadOutput>
    {
        /// <summary>The contract name written into saved models.</summary>
        public const string ContractName = "MLNetDeep.MulticlassHead.v1";

        /// <summary>Maps one row.</summary>
        /// <param name="input">The ONNX output.</param>
        /// <param name="output">The scalar class index.</param>
        public static void Map(MulticlassHeadInput input, MulticlassHeadOutput output)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (output is null) throw new ArgumentNullException(nameof(output));
            output.PredictedIndex = checked((uint)input.ClassIndex[0]);
        }

        /// <inheritdoc/>
        public override Action<MulticlassHeadInput, MulticlassHeadOutput> GetMapping() => Map;
    }
}
