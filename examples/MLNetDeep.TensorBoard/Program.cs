using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// Logs DeepMlp fits to TensorBoard: two fits on spambase that differ only in their learning rate, each into its own run
// folder under one log folder, so TensorBoard draws their curves on the same charts. Options: --epochs N (default 15),
// --sample F (fraction of the 4,601 rows, default 1), --logdir DIR (default ./runs).
var culture = CultureInfo.InvariantCulture;
int epochs = ExampleOptions.Integer(args, "--epochs", 15);
double sample = ExampleOptions.Number(args, "--sample", 1);
string logRoot = Path.GetFullPath(ExampleOptions.Text(args, "--logdir", "runs"));
double[] learningRates = [1e-3, 1e-2];
const int Seed = 1;
var ml = new MLContext(seed: Seed);

var (data, preprocessing) = BundledDatasets.Spambase(ml);
IDataView train = ExampleOptions.Sample(ml, data, sample, Seed);

// Each fit adds a new event file to its folder, so every launch gets fresh folders (TensorBoard shows each as a run).
string launch = DateTime.Now.ToString("yyyyMMdd-HHmmss", culture);
Console.WriteLine(string.Create(culture, $"Spambase, {train.GetColumn<float[]>("Raw").Count():N0} training rows (10% of them held out for validation), {epochs} epochs per fit"));
foreach (double learningRate in learningRates)
{
    string runFolder = Path.Combine(logRoot, string.Create(culture, $"{launch}-lr{learningRate:0.####}"));
    var trainer = ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options
    {
        NumberOfEpochs = epochs,
        LearningRate = learningRate,
        Seed = Seed,
        ValidationFraction = 0.1,             // adds epoch/validation_loss and epoch/Accuracy (the validation metric)
        TensorBoardLogDirectory = runFolder,   // the run's folder; created if missing
        TensorBoardHistogramEveryNEpochs = 5,  // weights/… and gradients/… histograms after epochs 5, 10, …
        GradientStatisticsEveryNSteps = 20,    // layers/<layer>/gradient_norm, dead_unit_fraction, … every 20 steps
    });
    var model = preprocessing.Append(trainer).Fit(train);

    TrainingHistory history = model.LastTransformer.History;
    EpochRecord last = history.Epochs[^1];
    string eventFile = Directory.GetFiles(runFolder, "events.out.tfevents.*").Single();
    Console.WriteLine(string.Create(culture, $"""

        Learning rate {learningRate}: {history.Steps.Count} steps, {history.Epochs.Count} epochs; last epoch: training loss {last.TrainingLoss:F4}, validation loss {last.ValidationLoss:F4}, {history.ValidationMetricName} {last.ValidationMetric:F4}
          run folder  {runFolder}
          event file  {Path.GetFileName(eventFile)} ({new FileInfo(eventFile).Length:N0} bytes)
        """));
}

// TensorBoard is a Python tool (pip install tensorboard); it reads every run folder below the log folder.
Console.WriteLine($"""

    Scalars: train/loss, train/learning_rate (per step); epoch/training_loss, epoch/validation_loss, epoch/Accuracy (per epoch);
    layers/<layer>/<figure> (per instrumented step). Histograms: weights/<parameter>, gradients/<parameter>. Text: options.
    To view the runs side by side:
      tensorboard --logdir "{logRoot}"
    then open http://localhost:6006
    """);
