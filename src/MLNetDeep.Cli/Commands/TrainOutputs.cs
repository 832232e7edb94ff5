using Microsoft.ML;
using MLNetDeep.Cli.Training;
using MLNetDeep.Plots;
using Spectre.Console;

namespace MLNetDeep.Cli.Commands;

/// <summary>The files <c>mlnetdeep train</c> writes besides the model: the whole-pipeline ONNX file and the training report.</summary>
public static class TrainOutputs
{
    /// <summary>
    /// Writes the fitted pipeline (the label's conversion, which scoring does not need, is not part of it) as one ONNX file; when a step
    /// cannot be exported, prints which one and writes nothing.
    /// </summary>
    /// <param name="console">Where the outcome is printed.</param>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted pipeline.</param>
    /// <param name="inputData">Rows with the pipeline's input schema.</param>
    /// <param name="path">The .onnx file.</param>
    /// <returns>True when the file was written.</returns>
    public static bool WriteOnnx(IAnsiConsole console, MLContext mlContext, ITransformer model, IDataView inputData, string path)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(mlContext);
        try
        {
            mlContext.Model.SavePipelineAsOnnx(model, inputData, path);
            console.Line($"model.onnx: the whole pipeline (featurization and network) as one ONNX graph");
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException or NotImplementedException or FormatException)
        {
            File.Delete(path);   // an earlier run's, which no longer matches model.zip
            console.Line($"model.onnx: not written, a step cannot be exported: {e.Message.Split('\n')[0]}");
            return false;
        }
    }

    /// <summary>Writes the training report into <paramref name="folder"/>: diagnosis.md with the history plots, the search's trials and plot, the test metrics.</summary>
    /// <param name="search">The search.</param>
    /// <param name="comparison">The test metrics of every model.</param>
    /// <param name="folder">The report folder (created).</param>
    /// <returns>A short description of what was written.</returns>
    public static string WriteReport(SearchOutcome search, MetricsComparison comparison, string folder)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(comparison);
        Directory.CreateDirectory(folder);
        search.History.SaveDiagnosis(folder);
        search.SaveFiles(folder);
        File.WriteAllText(Path.Combine(folder, "trials.txt"), search.Summary + Environment.NewLine + search.TrialTable);
        File.WriteAllText(Path.Combine(folder, "test-metrics.txt"), comparison.ToString());
        return "report/ (diagnosis.md with loss, metric and learning-rate plots, search.csv, search-best-so-far.png, trials.txt, test-metrics.txt)";
    }
}
