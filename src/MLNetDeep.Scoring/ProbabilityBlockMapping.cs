using System;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNetDeep.Scoring
{
    /// <summary>What the probability-block adapter reads: the class probabilities not yet taken, in key order.</summary>
    public sealed class ProbabilityBlockInput
    {
        /// <summary>The remaining probabilities, a vector of any length.</summary>
        [ColumnName(ScoringColumnNames.RemainingProbabilities)]
        public float[] Probabilities { get; set; } = Array.Empty<float>();
    }

    /// <summary>
    /// What the probability-block adapter writes: the first <see cref="ProbabilityBlockMapping.BlockSize"/> remaining
    /// probabilities as scalars (NaN past the end) and the probabilities after them.
    /// </summary>
    public sealed class ProbabilityBlockOutput
    {
        /// <summary>The probabilities after the block (it replaces the input column of the same name).</summary>
        [ColumnName(ScoringColumnNames.RemainingProbabilities)]
        public float[] Rest { get; set; } = Array.Empty<float>();

        /// <summary>Probability 0 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "0")]
        public float Probability0 { get; set; }

        /// <summary>Probability 1 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "1")]
        public float Probability1 { get; set; }

        /// <summary>Probability 2 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "2")]
        public float Probability2 { get; set; }

        /// <summary>Probability 3 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "3")]
        public float Probability3 { get; set; }

        /// <summary>Probability 4 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "4")]
        public float Probability4 { get; set; }

        /// <summary>Probability 5 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "5")]
        public float Probability5 { get; set; }

        /// <summary>Probability 6 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "6")]
        public float Probability6 { get; set; }

        /// <summary>Probability 7 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "7")]
        public float Probability7 { get; set; }

        /// <summary>Probability 8 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "8")]
        public float Probability8 { get; set; }

        /// <summary>Probability 9 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "9")]
        public float Probability9 { get; set; }

        /// <summary>Probability 10 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "10")]
        public float Probability10 { get; set; }

        /// <summary>Probability 11 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "11")]
        public float Probability11 { get; set; }

        /// <summary>Probability 12 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "12")]
        public float Probability12 { get; set; }

        /// <summary>Probability 13 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "13")]
        public float Probability13 { get; set; }

        /// <summary>Probability 14 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "14")]
        public float Probability14 { get; set; }

        /// <summary>Probability 15 of the block.</summary>
        [ColumnName(ScoringColumnNames.BlockProbabilityPrefix + "15")]
        public float Probability15 { get; set; }
    }

    /// <summary>
    /// Stateless ML.NET custom mapping that takes the next <see cref="BlockSize"/> class probabilities off the vector of
    /// remaining ones, as scalar columns. A saved multiclass model applies it once per block of classes and renames each
    /// scalar after its class, so that <c>Concatenate</c> names the slots of <c>Score</c> after the classes (the only
    /// way slot names survive save and load). Saved models refer to it by <see cref="ContractName"/>.
    /// </summary>
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class ProbabilityBlockMapping : CustomMappingFactory<ProbabilityBlockInput, ProbabilityBlockOutput>
    {
        /// <summary>The contract name written into saved models.</summary>
        public const string ContractName = "MLNetDeep.ProbabilityBlock.v1";

        /// <summary>The number of probabilities one application takes (part of the saved-model format).</summary>
        public const int BlockSize = 16;

        /// <summary>Maps one row.</summary>
        /// <param name="input">The remaining probabilities.</param>
        /// <param name="output">The block and the rest; its <see cref="ProbabilityBlockOutput.Rest"/> array is reused when its length fits.</param>
        public static void Map(ProbabilityBlockInput input, ProbabilityBlockOutput output)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (output is null) throw new ArgumentNullException(nameof(output));
            float[] remaining = input.Probabilities;
            output.Probability0 = At(remaining, 0);
            output.Probability1 = At(remaining, 1);
            output.Probability2 = At(remaining, 2);
            output.Probability3 = At(remaining, 3);
            output.Probability4 = At(remaining, 4);
            output.Probability5 = At(remaining, 5);
            output.Probability6 = At(remaining, 6);
            output.Probability7 = At(remaining, 7);
            output.Probability8 = At(remaining, 8);
            output.Probability9 = At(remaining, 9);
            output.Probability10 = At(remaining, 10);
            output.Probability11 = At(remaining, 11);
            output.Probability12 = At(remaining, 12);
            output.Probability13 = At(remaining, 13);
            output.Probability14 = At(remaining, 14);
            output.Probability15 = At(remaining, 15);
            int rest = Math.Max(remaining.Length - BlockSize, 0);
            if (output.Rest.Length != rest)
                output.Rest = new float[rest];
            Array.Copy(remaining, remaining.Length - rest, output.Rest, 0, rest);
        }

        /// <inheritdoc/>
        public override Action<ProbabilityBlockInput, ProbabilityBlockOutput> GetMapping() => Map;

        private static float At(float[] values, int index) => index < values.Length ? values[index] : float.NaN;
    }
}
