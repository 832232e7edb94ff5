using Microsoft.ML;
using MLNetDeep.PipelineExport;

namespace MLNetDeep;

/// <summary>
/// <c>mlContext.Model.SavePipelineAsOnnx(model, inputData, path)</c>: a fitted pipeline that ends with a DeepMlp step,
/// its stock preprocessing included, as one ONNX file for ONNX Runtime anywhere (Python, C++, the browser, …).
/// </summary>
/// <remarks>
/// ML.NET's ONNX converter (Microsoft.ML.OnnxConverter) writes the steps before the DeepMlp step (one-hot encoding,
/// normalizers, concatenation, text featurization and whatever else it supports) at opset 12 with the
/// <c>ai.onnx.ml</c> domain; the network is appended at the same opset (LayerNormalization written from basic operators).
/// Inputs: the input columns the pipeline reads, named as in the input data's schema, each
/// [batch, width] (width 1 for a scalar column; text as string tensors). Outputs, each [batch, width]: binary
/// <c>Score</c> (logit), <c>Probability</c> (float) and <c>PredictedLabel</c> (bool); multiclass <c>Score</c>
/// (class probabilities in key order) and <c>PredictedLabel</c> (the predicted class's name as a string, ML.NET's
/// key mapped through the label's KeyValues; the 1-based key as uint32 when the label has none); regression
/// <c>Score</c>. Steps after the DeepMlp step, and steps the converter cannot export, are refused before anything is
/// written, with an error naming the step and its position.
/// </remarks>
public static class DeepMlpOnnxCatalog
{
    /// <summary>Writes the fitted pipeline <paramref name="model"/> as one ONNX model to <paramref name="stream"/>.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">A fitted pipeline whose last step is a DeepMlp model (nested chains are fine).</param>
    /// <param name="inputData">Data with the pipeline's input schema (the rows are not read; the converter needs the schema).</param>
    /// <param name="stream">A writable stream; it is left open. Nothing is written when the export fails.</param>
    /// <exception cref="ArgumentException">The model has no DeepMlp step, or a step after it (the error names it and its position).</exception>
    /// <exception cref="InvalidOperationException">A step before the DeepMlp step cannot be exported (the error names it and its position).</exception>
    public static void SavePipelineAsOnnx(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        byte[] bytes = PipelineOnnxExporter.Export(catalog, model, inputData);
        stream.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Writes the fitted pipeline <paramref name="model"/> as one ONNX file; see <see cref="SavePipelineAsOnnx(ModelOperationsCatalog, ITransformer, IDataView, Stream)"/>.</summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">A fitted pipeline whose last step is a DeepMlp model.</param>
    /// <param name="inputData">Data with the pipeline's input schema.</param>
    /// <param name="path">The <c>.onnx</c> file to create or overwrite; not created when the export fails.</param>
    public static void SavePipelineAsOnnx(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = PipelineOnnxExporter.Export(catalog, model, inputData);
        File.WriteAllBytes(path, bytes);
    }
}
