using System;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The one exception <see cref="MLNetDeepScoring.LoadModel(Microsoft.ML.MLContext, string, out Microsoft.ML.DataViewSchema, LoadModelOptions?)"/>
    /// throws for a model it will not load: a truncated, corrupted or foreign zip, a manifest that does not match, or a
    /// zip that asks for something MLNetDeep never writes (another assembly, a CustomMapping contract the caller did not
    /// allow, an ONNX operator outside the exporter's set, ONNX external data). The message says which entry and what.
    /// </summary>
    public sealed class InvalidModelException : Exception
    {
        /// <summary>An exception with a default message.</summary>
        public InvalidModelException()
            : base("The model is not a valid MLNetDeep model.")
        {
        }

        /// <summary>An exception saying what is wrong with the model.</summary>
        /// <param name="message">What is wrong, naming the entry.</param>
        public InvalidModelException(string message)
            : base(message)
        {
        }

        /// <summary>An exception saying what is wrong with the model, caused by <paramref name="innerException"/>.</summary>
        /// <param name="message">What is wrong, naming the entry.</param>
        /// <param name="innerException">The failure that revealed it.</param>
        public InvalidModelException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
